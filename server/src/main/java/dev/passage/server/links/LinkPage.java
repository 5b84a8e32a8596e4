package dev.passage.server.links;

import java.util.List;
import java.util.Optional;

/** One page of links and the cursor of the next page, when there is one. */
public record LinkPage(List<Link> links, Optional<LinkQuery.Cursor> next) {}
