package io.wsstream.jetty.stream;

import java.security.Principal;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.MessageFormatException;
import io.wsstream.common.codec.BinaryMessageDecodeException;

import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream served by a handler: every event becomes a handler call on the stream's serial executor, and the
 * next frame is demanded only when the handler has returned.
 */
public final class PushServerStream extends ServerStream {
    /** The base class's logger: one category for a stream's lines, whichever style it has. */
    private static final Logger LOG = LoggerFactory.getLogger(ServerStream.class);

    private final StreamTimings timings;

    PushServerStream(StreamRegistry registry, HandlerBinding binding, String path, String pathInfo, ServerSide server,
            Principal principal, Runnable releaseConnection, HttpFields handshakeHeaders) {
        super(registry, binding, path, pathInfo, server, principal, releaseConnection, handshakeHeaders);
        this.timings = registry.timings();
    }

    @Override
    void opened() {
        handlerCalls.runHere(() -> {
            if (callHandler("onOpen", () -> binding.handler().onOpen(this))) {
                demandNext();
            }
        });
    }

    @Override
    void received(Message message) {
        handlerCalls.runHere(() -> {
            if (callHandler("onMessage", () -> timings.onMessage(this, server().name(), binding, message))) {
                demandNext();
            }
        });
    }

    @Override
    void failed(Throwable cause) {
        handlerCalls.execute(() -> callHandler("onError", () -> binding.handler().onError(this, cause)));
    }

    @Override
    void ended(int code, String reason) {
        handlerCalls.execute(() -> {
            try {
                callHandler("onClose", () -> binding.handler().onClose(this, code, reason));
            } finally {
                binding.release();
            }
        });
    }

    /** @return {@code true} when the handler returned normally */
    private boolean callHandler(String method, Runnable call) {
        try {
            call.run();
            return true;
        } catch (Throwable failure) {
            int code = closeCodeFor(failure);
            LOG.warn("stream {}: handler {} of {} failed in {}; closing with {}", id(), binding.handler().getClass().getName(),
                    path(), method, code, failure);
            // A no-op on a stream that has closed already.
            close(code, reasonFor(code));
            return false;
        }
    }

    static int closeCodeFor(Throwable failure) {
        if (failure instanceof MessageFormatException) {
            return CloseCodes.INVALID_PAYLOAD;
        }
        if (failure instanceof BinaryMessageDecodeException) {
            return CloseCodes.UNSUPPORTED_DATA;
        }
        return CloseCodes.INTERNAL_ERROR;
    }

    private static String reasonFor(int code) {
        switch (code) {
            case CloseCodes.INVALID_PAYLOAD:
                return "malformed JSON";
            case CloseCodes.UNSUPPORTED_DATA:
                return "binary message where JSON was expected";
            default:
                return "handler failed";
        }
    }
}
