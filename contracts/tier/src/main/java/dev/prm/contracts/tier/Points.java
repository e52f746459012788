package dev.prm.contracts.tier;

/** Points behind a decision (T5), as decimal strings. */
public record Points(String sold12m, String sold6m, String managed, String total12m, String total6m) {
}
