package dev.prm.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    @ParameterizedTest(name = "R1: ''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
            "acme.com | acme.com",
            "ACME.Com | acme.com",
            "  acme.com  | acme.com",
            "https://www.acme.com/path?q=1#top | acme.com",
            "http://acme.com:8080 | acme.com",
            "acme.com:443 | acme.com",
            "www.acme.co.jp. | acme.co.jp",
            "//acme.com/ | acme.com",
            "ftp://user:secret@files.acme.com | files.acme.com",
            "sub.www.acme.com | sub.www.acme.com",
            "xn--bcher-kva.example | xn--bcher-kva.example",
            "my-shop.example | my-shop.example"})
    void R1_domains_are_normalised(String raw, String normalised) {
        assertThat(DomainName.parse(raw)).map(DomainName::value).contains(normalised);
    }

    @ParameterizedTest(name = "R1: ''{0}'' is {1} in punycode")
    @CsvSource(delimiter = '|', value = {
            "Bücher.example | xn--bcher-kva.example",
            "https://www.Bücher.example/shop | xn--bcher-kva.example",
            "例え.jp | xn--r8jz45g.jp",
            "日本語.jp | xn--wgv71a119e.jp",
            "例え。jp | xn--r8jz45g.jp",
            "münchen.de. | xn--mnchen-3ya.de"})
    void R1_internationalised_names_become_punycode(String raw, String normalised) {
        assertThat(DomainName.parse(raw)).map(DomainName::value).contains(normalised);
    }

    @ParameterizedTest(name = "R1: ''{0}'' is INVALID_DOMAIN")
    @ValueSource(strings = {"", "   ", "localhost", "acme", "not a domain", "acme..com", ".acme.com", "-acme.com", "acme-.com",
            "acme_shop.com", "192.168.0.1", "https://", "www.", "acme.com:port", "a@", "exa mple.com",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"})
    void R1_invalid_domains_are_refused(String raw) {
        assertThat(DomainName.parse(raw)).isEmpty();
    }

    @Test
    void R1_null_is_invalid() {
        assertThat(DomainName.parse(null)).isEmpty();
    }
}
