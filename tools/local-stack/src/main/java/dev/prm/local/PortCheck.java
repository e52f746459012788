package dev.prm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks every port before anything starts, so a second stack fails at once and says which option to change. */
final class PortCheck {

    private PortCheck() {
    }

    /** @throws IllegalStateException naming each port in use and the option that moves it */
    static void requireFree(Map<Integer, String> ports) {
        List<String> taken = new ArrayList<>();
        ports.forEach((port, option) -> {
            if (!free(port)) {
                taken.add("port " + port + " (" + option + ")");
            }
        });
        if (!taken.isEmpty()) {
            throw new IllegalStateException("in use already: " + String.join(", ", taken)
                    + ". Is another stack running? Stop it, or give this one other ports and its own --data-dir"
                    + " (./run-local.sh --help shows an example).");
        }
    }

    /** A port no one listens on now, chosen by the system. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean free(int port) {
        // as a server binds it: on every interface, reusing a port that only lingers in TIME_WAIT
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
