package dev.prm.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the benchmark's own CloudEvents (probes, the synthetic generator): structured JSON mode, SPEC §2. */
final class CloudEvents {

    private CloudEvents() {
    }

    /** {@code data} is a JSON object text; every other value must be plain (no quote or backslash). */
    static byte[] event(String id, String type, Instant time, String subject, String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/benchmark\",\"type\":\"" + type
                + "\",\"time\":\"" + time + "\",\"subject\":\"" + subject
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    static String dealClosed(String dealId, String partnerId, String domain, String country, String amount, String currency) {
        return "{\"dealId\":\"" + dealId + "\",\"partnerId\":\"" + partnerId + "\",\"customer\":{\"domain\":\"" + domain
                + "\",\"country\":\"" + country + "\"},\"mrr\":{\"amount\":\"" + amount + "\",\"currency\":\"" + currency + "\"}}";
    }

    static String registration(String partnerId, String domain) {
        return "{\"partnerId\":\"" + partnerId + "\",\"domain\":\"" + domain + "\"}";
    }
}
