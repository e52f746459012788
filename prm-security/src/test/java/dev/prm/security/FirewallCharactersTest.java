package dev.prm.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class FirewallCharactersTest {

    @Test
    void everyCodePointIsJudgedAsSpringSecuritysFirewallJudgesIt() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = new String(Character.toChars(codePoint));
            assertSame(text, StrictHttpFirewall.ALLOWED_HEADER_NAMES, FirewallCharacters::isAllowedName);
            assertSame(text, StrictHttpFirewall.ALLOWED_PARAMETER_NAMES, FirewallCharacters::isAllowedName);
            assertSame(text, StrictHttpFirewall.ALLOWED_HEADER_VALUES, FirewallCharacters::isAllowedHeaderValue);
        }
    }

    @Test
    void stringsMixingAllowedAndRefusedCharactersToo() {
        char[] alphabet = {'a', 'Z', '0', ' ', '\t', '\n', '\r', '\u0000', '\u007f', '\u0085', '\u00e7', '\u0378', '\u2028', '\ud83d', '\ude00', '\uffff'};
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(8); j > 0; j--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertSame(text.toString(), StrictHttpFirewall.ALLOWED_HEADER_NAMES, FirewallCharacters::isAllowedName);
            assertSame(text.toString(), StrictHttpFirewall.ALLOWED_HEADER_VALUES, FirewallCharacters::isAllowedHeaderValue);
        }
        assertThat(FirewallCharacters.isAllowedHeaderValue("Bearer a.b\tc")).isTrue();
        assertThat(FirewallCharacters.isAllowedHeaderValue(null)).as("an absent header").isTrue();
        assertThat(FirewallCharacters.isAllowedName("X-Name\t")).isFalse();
        assertThat(FirewallCharacters.isAllowedHeaderValue("v\r\nInjected: 1")).isFalse();
    }

    private static void assertSame(String text, Predicate<String> spring, Predicate<String> ours) {
        boolean expected = spring.test(text);
        if (ours.test(text) != expected) {
            throw new AssertionError("'" + text.codePoints().mapToObj(Integer::toHexString).toList() + "': Spring says " + expected);
        }
    }
}
