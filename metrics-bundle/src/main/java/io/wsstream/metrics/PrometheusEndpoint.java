package io.wsstream.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrape endpoint: registered as a Jetty {@link Handler} service with {@code wsstream.http.path}, which the
 * implementation hands the plain GET requests of that exact path once they passed its host and origin checks. It
 * answers with the registry in Prometheus' text format (0.0.4), after bringing the meters up to date with the
 * servers and paths of the moment.
 */
final class PrometheusEndpoint extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpoint.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;

    PrometheusEndpoint(PrometheusMeterRegistry registry, Runnable beforeScrape) {
        super(InvocationType.BLOCKING);
        this.registry = registry;
        this.beforeScrape = beforeScrape;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            beforeScrape.run();
            registry.scrape(text, CONTENT_TYPE);
        } catch (IOException | RuntimeException failed) {
            LOG.warn("cannot write the Prometheus scrape: {}", failed.toString());
            LOG.debug("the scrape failed", failed);
            Response.writeError(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        byte[] body = text.toByteArray();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
