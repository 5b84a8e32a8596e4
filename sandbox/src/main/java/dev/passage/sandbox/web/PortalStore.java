package dev.passage.sandbox.web;

import dev.passage.sandbox.HistoryEntry;
import dev.passage.sandbox.Order;
import dev.passage.sandbox.PaymentMethod;
import dev.passage.sandbox.PortalData;
import dev.passage.sandbox.Statement;
import dev.passage.sandbox.TestUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One portal's records per user, in memory: users with data see the seed, others see nothing.
 * Saved cards live here until the process ends.
 */
public final class PortalStore {
    private final PortalData seed;
    private final Supplier<String> newPaymentMethodId;
    private final Map<String, List<PaymentMethod>> wallets = new HashMap<>();

    /** A store for a portal that saves cards; {@code newPaymentMethodId} makes ids in the portal's own format. */
    public PortalStore(PortalData seed, Supplier<String> newPaymentMethodId) {
        this.seed = seed;
        this.newPaymentMethodId = newPaymentMethodId;
    }

    /** A read-only store, for a portal without payment methods. */
    public PortalStore(PortalData seed) {
        this(seed, () -> {
            throw new IllegalStateException(seed.portal() + " has no payment methods");
        });
    }

    /** The integration id of the portal. */
    public String portal() {
        return seed.portal();
    }

    /** The user's payment methods now: the seed (for users with data) then the cards they saved. */
    public synchronized List<PaymentMethod> paymentMethods(String user) {
        return List.copyOf(wallet(user));
    }

    /** Saves a reviewed card at the end of the user's list; it is not the default. */
    public synchronized PaymentMethod save(String user, CardReview card) {
        PaymentMethod saved = new PaymentMethod(newPaymentMethodId.get(), "credit_card", card.brand(), card.last4(),
                card.expirationDate(), card.nickname(), false, card.billingZip(), card.billingAddress(), null);
        wallet(user).add(saved);
        return saved;
    }

    /** The user's statements, newest first. */
    public List<Statement> statements(String user) {
        return view(user).statements();
    }

    /** The user's orders, newest first. */
    public List<Order> orders(String user) {
        return view(user).orders();
    }

    /** The user's reading history, newest first. */
    public List<HistoryEntry> history(String user) {
        return view(user).history();
    }

    private List<PaymentMethod> wallet(String user) {
        return wallets.computeIfAbsent(user, u -> new ArrayList<>(view(u).paymentMethods()));
    }

    private PortalData view(String user) {
        return TestUser.byUsername(user).filter(TestUser::hasData).isPresent() ? seed : seed.empty();
    }
}
