package dev.rehearsal.dashboard.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over the configured size with 413, before anything reads them: by
 * Content-Length when it is given, and by counting when the body is chunked.
 */
public final class BodyLimit extends OncePerRequestFilter {

    private final int maxBytes;

    public BodyLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Thrown while reading a chunked body that runs over the limit. */
    static final class TooLarge extends IOException {
        TooLarge(int limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "the request body has "
                    + request.getContentLengthLong() + " bytes; the API takes at most " + maxBytes
                    + " (rehearsal.security.max-request-body)");
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream limited;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (limited == null) {
                    limited = new Limited(super.getInputStream(), maxBytes);
                }
                return limited;
            }
        }, response);
    }

    private static final class Limited extends ServletInputStream {
        private final ServletInputStream in;
        private final int limit;
        private long read;

        Limited(ServletInputStream in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++read > limit) {
                throw new TooLarge(limit);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && (read += n) > limit) {
                throw new TooLarge(limit);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
