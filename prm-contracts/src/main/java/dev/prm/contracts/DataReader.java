package dev.prm.contracts;

import static dev.prm.contracts.InvalidEventException.Reason.INVALID_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.MISSING_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_COUNTRY;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_CURRENCY;

import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Strict reader of an event's {@code data}: every failure names the field and why, so a dead letter
 * explains itself. Unknown fields are tolerated (forward compatibility); missing or malformed ones are not.
 */
public final class DataReader {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

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
        return optionalText(field).orElseThrow(
                () -> new InvalidEventException(MISSING_FIELD, where(field) + ": is required"));
    }

    public Optional<String> optionalText(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            throw new InvalidEventException(INVALID_FIELD, where(field) + ": must be a non-empty string");
        }
        return Optional.of(limited(field, value.stringValue().strip(), FieldLimits.TEXT));
    }

    /** A domain as sent (services normalise and validate it): at most {@link FieldLimits#DOMAIN} characters. */
    public String domain(String field) {
        return limited(field, text(field), FieldLimits.DOMAIN);
    }

    private String limited(String field, String value, int limit) {
        if (!FieldLimits.fits(value, limit)) {
            throw new InvalidEventException(INVALID_FIELD, FieldLimits.tooLong(where(field), value, limit));
        }
        return value;
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        return optionalEnum(field, type).orElseThrow(
                () -> new InvalidEventException(MISSING_FIELD, where(field) + ": is required"));
    }

    public <E extends Enum<E>> Optional<E> optionalEnum(String field, Class<E> type) {
        return optionalText(field).map(value -> {
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
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

    /** {@code {"amount": "1234.50", "currency": "JPY"}}: a non-negative decimal string and an ISO 4217 code. */
    public Money money(String field) {
        DataReader money = object(field);
        String amount = money.text("amount");
        if (amount.startsWith("-")) {
            throw new InvalidEventException(INVALID_FIELD, money.where("amount") + ": must not be negative");
        }
        if (!PLAIN_DECIMAL.matcher(amount).matches()) {
            throw new InvalidEventException(INVALID_FIELD, money.where("amount") + ": '" + amount + "' is not a plain decimal number like 1234.50");
        }
        String currency = money.text("currency");
        if (!currency.matches("[A-Z]{3}") || !isIsoCurrency(currency)) {
            throw new InvalidEventException(UNKNOWN_CURRENCY, money.where("currency") + ": '" + currency + "' is not an ISO 4217 code");
        }
        return new Money(amount, currency);
    }

    /** {@code {"domain": "acme.co.jp", "country": "JP"}}. */
    public Customer customer(String field) {
        DataReader customer = object(field);
        return new Customer(customer.domain("domain"), customer.country("country"));
    }

    public String country(String field) {
        String country = text(field);
        if (!COUNTRIES.contains(country)) {
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
