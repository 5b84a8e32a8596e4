package dev.passage.sandbox.verizon;

import dev.passage.sandbox.PaymentMethod;
import dev.passage.sandbox.Statement;
import java.math.BigDecimal;
import java.util.Locale;

/** Verizon's own JSON shapes, as its APIs return them. */
final class VerizonJson {
    private VerizonJson() {}

    record Address(String street1, String street2, String city, String state, String zipCode, String country) {}

    record Method(String paymentMethodId, String type, String cardBrand, String bankName, String maskedNumber,
            String lastFour, String expiry, String nickName, boolean primary, Address billingAddress) {}

    record Bill(String billId, String billCycleStartDate, String billCycleEndDate, String paymentDueDate,
            BigDecimal totalAmountDue, String currencyCode) {}

    static Method method(PaymentMethod m) {
        Address address = null;
        if (m.billingAddress() != null) {
            var a = m.billingAddress();
            address = new Address(a.line1(), a.line2(), a.city(), a.state(), m.billingZip(), a.country());
        } else if (m.billingZip() != null) {
            address = new Address(null, null, null, null, m.billingZip(), null);
        }
        String masked = (m.isCard() ? "************" : "******") + m.last4();
        return new Method(m.id(), m.type().toUpperCase(Locale.ROOT), m.brand(), m.bankName(), masked, m.last4(),
                m.expirationDate(), m.nickname(), m.isDefault(), address);
    }

    static Bill bill(Statement s) {
        return new Bill(s.id(), s.periodStart().toString(), s.periodEnd().toString(), s.dueDate().toString(),
                s.amountDue(), s.currency());
    }
}
