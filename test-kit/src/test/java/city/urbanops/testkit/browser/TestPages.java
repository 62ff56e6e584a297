package city.urbanops.testkit.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny HTTP server on localhost serving the pages the browser harness is tested on. */
final class TestPages implements AutoCloseable {

    /** What the operator console sends: no inline script runs. */
    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'";

    static final String INACCESSIBLE = """
            <!doctype html>
            <html><head><title>Broken</title></head>
            <body>
              <img src="/pixel.png">
              <button></button>
              <p style="color:#bbbbbb;background:#ffffff">Pale grey text on white</p>
            </body></html>
            """;

    /** Accessible, and carries an inline script that would mark the page if the CSP let it run. */
    static final String ACCESSIBLE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sensors</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="stylesheet" href="/page.css">
            <script>document.documentElement.dataset.inlineScriptRan = "yes";</script>
            </head>
            <body>
              <header><h1>Sensors</h1></header>
              <main>
                <p>Every street light in the north district reports each minute.</p>
                <img src="/pixel.png" alt="Map of the north district">
                <label for="q">Search</label> <input id="q" name="q" type="search">
                <button type="submit">Find</button>
              </main>
            </body></html>
            """;

    /** A page three viewports tall whose last line is far below the first screen. */
    static final String LONG = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Long</title></head>
            <body style="margin:0"><div style="height:2700px">Top</div><p>Bottom line</p></body></html>
            """;

    static final String CSS = "body{font-family:sans-serif;color:#1a1a1a;background:#fff;margin:1rem}"
            + "main{max-width:100%}img{max-width:100%}";

    /** A 1x1 transparent PNG. */
    private static final byte[] PIXEL = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private final HttpServer server;
    private final List<URI> callbacks = new CopyOnWriteArrayList<>();

    TestPages() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/inaccessible", exchange -> send(exchange, "text/html", INACCESSIBLE, null));
        server.createContext("/accessible", exchange -> send(exchange, "text/html", ACCESSIBLE, CONSOLE_CSP));
        server.createContext("/long", exchange -> send(exchange, "text/html", LONG, null));
        server.createContext("/page.css", exchange -> send(exchange, "text/css", CSS, null));
        server.createContext("/pixel.png", exchange -> send(exchange, "image/png", PIXEL, null));
        server.createContext("/cb", exchange -> {
            callbacks.add(exchange.getRequestURI());
            send(exchange, "text/html", "<!doctype html><html lang=\"en\"><title>Back</title><p>Signed in</p></html>",
                    CONSOLE_CSP);
        });
        server.start();
    }

    /** {@code http://localhost:<port>}. */
    String origin() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    String url(String path) {
        return origin() + path;
    }

    /** The request URIs the sign-in callback {@code /cb} has received. */
    List<URI> callbacks() {
        return callbacks;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void send(HttpExchange exchange, String type, String body, String csp) throws IOException {
        send(exchange, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), csp);
    }

    private static void send(HttpExchange exchange, String type, byte[] body, String csp) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (csp != null) {
            exchange.getResponseHeaders().set("Content-Security-Policy", csp);
        }
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
