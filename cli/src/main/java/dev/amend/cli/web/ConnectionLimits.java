package dev.amend.cli.web;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The limits Jetty keeps on each connection, so that slow or stalled clients cannot hold the demo: a connection that
 * sends nothing for {@code readTimeout} (headers or body half sent, or idle between requests) is answered 408 and
 * closed, and a blocked body read fails after that long; request headers over {@value #MAX_HEADER_BYTES} bytes get a
 * 431; at most {@code maxConnections} are open at once (more wait to be accepted, and the open ones then time out
 * sooner).
 */
final class ConnectionLimits {

    /** The most bytes of request line and headers read. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    private ConnectionLimits() {}

    /** Serves {@code config}'s app on {@code host}:{@code port} with these limits. */
    static void apply(JavalinConfig config, String host, int port, Duration readTimeout, int maxConnections) {
        long timeout = readTimeout.toMillis();
        config.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(MAX_HEADER_BYTES);
            http.setIdleTimeout(timeout);
            http.setSendServerVersion(false);
        });
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(timeout);
            return connector;
        });
        config.jetty.modifyServer(server -> {
            NetworkConnectionLimit limit = new NetworkConnectionLimit(maxConnections, server);
            limit.setEndPointIdleTimeout(Math.max(1, timeout / 2));
            server.addBean(limit);
        });
    }
}
