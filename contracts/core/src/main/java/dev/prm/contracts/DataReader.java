package dev.prm.contracts;

import static dev.prm.contracts.InvalidEventException.Reason.INVALID_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.MISSING_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_COUNTRY;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_CURRENCY;

import java.util.Currency;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Maps an event's {@code data}, already valid for its type's JSON Schema ({@link EventSchemas}: required fields, their
 * shapes and limits), to the type's record. It checks only what a schema cannot say: that a currency or a country is
 * in the ISO lists. Every failure names the field, so a dead letter explains itself.
 */
public final class DataReader {


    private final JsonNode node;
    private final String path;

    public DataReader(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(INVALID_FIELD, path + ": must be a JSON object");
        }
        this.node = node;
        this.path = path;
    }

    public String text(String field) {
        return optionalText(field).orElseThrow(() -> new InvalidEventException(MISSING_FIELD, where(field) + ": is required"));
    }

    /** The text as sent, without surrounding blanks. */
    public Optional<String> optionalText(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.stringValue().strip());
    }

    /** A domain as sent; services normalise and validate it. */
    public String domain(String field) {
        return text(field);
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        return optionalEnum(field, type).orElseThrow(() -> new InvalidEventException(MISSING_FIELD, where(field) + ": is required"));
    }

    public <E extends Enum<E>> Optional<E> optionalEnum(String field, Class<E> type) {
        return optionalText(field).map(value -> {
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) { // the schema lists the values: a contract test keeps the two alike
                throw new InvalidEventException(INVALID_FIELD, where(field) + ": unknown value '" + value + "'");
            }
        });
    }

    public DataReader object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException(MISSING_FIELD, where(field) + ": is required");
        }
        return new DataReader(value, where(field));
    }

    /** {@code {"amount": "1234.50", "currency": "JPY"}}: the currency must be an ISO 4217 code. */
    public Money money(String field) {
        DataReader money = object(field);
        String currency = money.text("currency");
        if (!isIsoCurrency(currency)) {
            throw new InvalidEventException(UNKNOWN_CURRENCY, money.where("currency") + ": '" + currency + "' is not an ISO 4217 code");
        }
        return new Money(money.text("amount"), currency);
    }

    /** {@code {"domain": "acme.co.jp", "country": "JP"}}. */
    public Customer customer(String field) {
        DataReader customer = object(field);
        return new Customer(customer.domain("domain"), customer.country("country"));
    }

    /** An ISO 3166-1 alpha-2 code. */
    public String country(String field) {
        String country = text(field);
        if (!CountryCodes.isIso(country)) {
            throw new InvalidEventException(UNKNOWN_COUNTRY, where(field) + ": '" + country + "' is not an ISO 3166-1 alpha-2 code");
        }
        return country;
    }

    private String where(String field) {
        return path + "." + field;
    }

    private static boolean isIsoCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
