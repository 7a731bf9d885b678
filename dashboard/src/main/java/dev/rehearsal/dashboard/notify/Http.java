package dev.rehearsal.dashboard.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with a receiver, bounded by the settings' timeout from connection to the end of
 * the response, and turned into a response of 2xx or a {@link DeliveryException} that names the
 * host and holds no secret.
 */
final class Http {

    /** How much of a refusal's body an error keeps: enough for "invalid_token", not a whole page. */
    private static final int BODY_IN_ERROR = 200;

    private final HttpClient client;
    private final NotifierSettings settings;
    private final List<String> secrets;

    Http(HttpClient client, NotifierSettings settings) {
        this.client = client;
        this.settings = settings;
        List<String> hidden = new ArrayList<>();
        for (String s : new String[] {settings.secret(), settings.apiKey(), String.valueOf(settings.url()),
                settings.url() == null ? null : settings.url().getRawPath(),
                settings.url() == null ? null : settings.url().getRawQuery()}) {
            if (s != null && s.length() > 1) {
                hidden.add(s);
            }
        }
        // The longest first, so that a URL is hidden whole before its path is looked for.
        hidden.sort((a, b) -> b.length() - a.length());
        this.secrets = List.copyOf(hidden);
    }

    HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(settings.timeout());
    }

    HttpResponse<String> exchange(HttpRequest request) throws DeliveryException, InterruptedException {
        String host = settings.host();
        long millis = settings.timeout().toMillis();
        // The request's own timeout ends at the response's headers; the wait below bounds the body too.
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = call.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(host);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(host);
            }
            if (cause instanceof ConnectException) {
                throw new DeliveryException("could not connect to " + host + detail(cause), null, true);
            }
            if (cause instanceof IOException) {
                throw new DeliveryException("exchange with " + host + " failed: " + cause.getClass().getSimpleName()
                        + detail(cause), null, true);
            }
            throw new DeliveryException("exchange with " + host + " failed: " + cause, null, false);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String body = response.body() == null ? "" : response.body().strip();
            if (body.length() > BODY_IN_ERROR) {
                body = body.substring(0, BODY_IN_ERROR) + "…";
            }
            boolean retryable = status >= 500 || status == 408 || status == 425 || status == 429;
            throw new DeliveryException("HTTP " + status + " from " + host + (body.isEmpty() ? "" : ": " + redact(body)),
                    status, retryable);
        }
        return response;
    }

    private DeliveryException timedOut(String host) {
        return new DeliveryException("timed out after " + settings.timeout().toMillis() + " ms waiting for " + host,
                null, true);
    }

    private String detail(Throwable cause) {
        return cause.getMessage() == null ? "" : ": " + redact(cause.getMessage());
    }

    String redact(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }
}
