package io.userscale.kafka.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Small checks on TCP ports of this machine. */
public final class Ports {

    private Ports() {
    }

    /** Whether a server could bind {@code host:port} now (as the broker will, with SO_REUSEADDR). */
    public static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts connections on {@code host:port}. */
    public static boolean isListening(String host, int port, int timeoutMs) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that is free on {@code host} right now, chosen by the kernel. */
    public static int pickFree(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }
}
