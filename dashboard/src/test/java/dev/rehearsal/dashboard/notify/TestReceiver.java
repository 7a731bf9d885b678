package dev.rehearsal.dashboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 that records every request as it arrives and answers from a
 * script (then 200), each answer after an optional delay: a receiver that is slow, hangs or fails.
 */
final class TestReceiver implements AutoCloseable {

    /** A request as it arrived: the method, the path, the headers that matter here, the exact body. */
    record Request(String method, String path, com.sun.net.httpserver.Headers headers, byte[] body) {

        String header(String name) {
            return headers.getFirst(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Answer(int status, String body, Duration delay) {

        static Answer of(int status) {
            return new Answer(status, "", Duration.ZERO);
        }

        static Answer of(int status, String body) {
            return new Answer(status, body, Duration.ZERO);
        }

        static Answer hang(Duration delay) {
            return new Answer(200, "", delay);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private Answer otherwise = Answer.of(200, "ok");

    private TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // Several at once, so that a hanging answer does not hold the next request.
        server.setExecutor(threads);
        server.start();
    }

    static TestReceiver start() throws IOException {
        return new TestReceiver();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next requests with these, in order, then with {@code otherwise}. */
    synchronized TestReceiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    synchronized TestReceiver otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    private synchronized Answer nextAnswer() {
        return script.isEmpty() ? otherwise : script.removeFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), body));
            Answer answer = nextAnswer();
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        } catch (IOException e) {
            // The client gave up (a timeout): nothing to answer.
        }
    }

    /** The next request, waiting up to 10 s for it. */
    Request take() throws InterruptedException {
        Request r = requests.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a request to " + host() + " within 10 s").isNotNull();
        return r;
    }

    List<Request> take(int n) throws InterruptedException {
        List<Request> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(take());
        }
        return list;
    }

    /** What has arrived and not been taken. */
    List<Request> rest() {
        List<Request> list = new ArrayList<>();
        requests.drainTo(list);
        return list;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
