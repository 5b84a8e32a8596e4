package dev.passage.sdk;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a paged list, fetching each page as iteration reaches it (one request per page,
 * following {@code nextCursor}). Each iteration starts again from the first page.
 *
 * @param <T> the item type
 */
public final class AutoPager<T> implements Iterable<T> {
    /** One fetched page: its items and the cursor of the next. */
    record Page<T>(List<T> items, Optional<String> nextCursor) {}

    private final Function<Optional<String>, Page<T>> fetch;

    AutoPager(Function<Optional<String>, Page<T>> fetch) {
        this.fetch = fetch;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Page<T> page = fetch.apply(Optional.empty());
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= page.items().size()) {
                    if (page.nextCursor().isEmpty()) {
                        return false;
                    }
                    page = fetch.apply(page.nextCursor());
                    next = 0;
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(next++);
            }
        };
    }

    /** The items as a sequential stream; pages are fetched as the stream reaches them. */
    public Stream<T> stream() {
        return StreamSupport.stream(() -> Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED),
                Spliterator.ORDERED, false);
    }
}
