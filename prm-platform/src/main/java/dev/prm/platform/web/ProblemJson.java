package dev.prm.platform.web;

/** The RFC 9457 body written where no message converter runs (firewall, error dispatch, Tomcat). */
final class ProblemJson {

    private ProblemJson() {
    }

    static String body(int status, String type, String title, String detail) {
        return "{\"type\":\"urn:prm:problem:%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
                .formatted(type, escape(title), status, escape(detail));
    }

    static String type(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            default -> status >= 500 ? "internal-error" : "bad-request";
        };
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append("\\u%04x".formatted((int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
