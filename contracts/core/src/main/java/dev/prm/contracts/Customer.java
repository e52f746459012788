package dev.prm.contracts;

/** A customer: its domain and its ISO 3166-1 alpha-2 country. */
public record Customer(String domain, String country) {
}
