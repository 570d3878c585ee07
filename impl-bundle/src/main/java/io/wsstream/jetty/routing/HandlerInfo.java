package io.wsstream.jetty.routing;

import java.util.Comparator;
import java.util.List;

import io.wsstream.api.CloseCodes;

/**
 * A handler service's validated properties, made once when the service is seen. Precedence between
 * handlers on one path: higher {@code service.ranking} first, then lower {@code service.id}.
 *
 * @param <S> what the router hands to the stream layer to obtain handler instances
 */
public final class HandlerInfo<S> {
    static final Comparator<HandlerInfo<?>> PRECEDENCE =
            Comparator.<HandlerInfo<?>>comparingInt(HandlerInfo::ranking).reversed().thenComparingLong(HandlerInfo::serviceId);

    private final long serviceId;
    private final long bundleId;
    private final int ranking;
    private final String rawPath;
    private final PathPattern pattern;
    private final int closeCode;
    private final long closeGraceMillis;
    private final String invalidReason;
    private final boolean notGettable;
    private final ServerTarget target;
    private final boolean authenticationRequired;
    private final List<String> subprotocols;
    private final S source;

    private HandlerInfo(long serviceId, long bundleId, int ranking, String rawPath, PathPattern pattern, int closeCode,
            long closeGraceMillis, String invalidReason, boolean notGettable, ServerTarget target, boolean authenticationRequired,
            List<String> subprotocols, S source) {
        this.serviceId = serviceId;
        this.bundleId = bundleId;
        this.ranking = ranking;
        this.rawPath = rawPath;
        this.pattern = pattern;
        this.closeCode = closeCode;
        this.closeGraceMillis = closeGraceMillis;
        this.invalidReason = invalidReason;
        this.notGettable = notGettable;
        this.target = target;
        this.authenticationRequired = authenticationRequired;
        this.subprotocols = subprotocols;
        this.source = source;
    }

    public static <S> HandlerInfo<S> valid(long serviceId, long bundleId, int ranking, PathPattern pattern, int closeCode,
            long closeGraceMillis, S source) {
        return new HandlerInfo<>(serviceId, bundleId, ranking, pattern.pattern(), pattern, closeCode, closeGraceMillis, null, false,
                ServerTarget.ANY, false, List.of(), source);
    }

    public static <S> HandlerInfo<S> invalid(long serviceId, long bundleId, int ranking, String rawPath, String reason, S source) {
        return new HandlerInfo<>(serviceId, bundleId, ranking, rawPath, null, CloseCodes.GOING_AWAY, 0, reason, false,
                ServerTarget.ANY, false, List.of(), source);
    }

    /** @return this handler, taken out of service because no instance could be obtained */
    public HandlerInfo<S> asNotGettable(String reason) {
        return new HandlerInfo<>(serviceId, bundleId, ranking, rawPath, pattern, closeCode, closeGraceMillis, reason, true, target,
                authenticationRequired, subprotocols, source);
    }

    /** @return this handler, for the servers its {@code wsstream.target} matches */
    public HandlerInfo<S> withTarget(ServerTarget servers) {
        return new HandlerInfo<>(serviceId, bundleId, ranking, rawPath, pattern, closeCode, closeGraceMillis, invalidReason,
                notGettable, servers, authenticationRequired, subprotocols, source);
    }

    /** @return this handler, requiring (or not) an authenticated connection */
    public HandlerInfo<S> withAuthenticationRequired(boolean required) {
        return new HandlerInfo<>(serviceId, bundleId, ranking, rawPath, pattern, closeCode, closeGraceMillis, invalidReason,
                notGettable, target, required, subprotocols, source);
    }

    /** @return this handler, speaking these subprotocols ({@code wsstream.subprotocols}) */
    public HandlerInfo<S> withSubprotocols(List<String> spoken) {
        return new HandlerInfo<>(serviceId, bundleId, ranking, rawPath, pattern, closeCode, closeGraceMillis, invalidReason,
                notGettable, target, authenticationRequired, List.copyOf(spoken), source);
    }

    public long serviceId() {
        return serviceId;
    }

    public long bundleId() {
        return bundleId;
    }

    public int ranking() {
        return ranking;
    }

    /** @return the {@code wsstream.path} as registered, possibly invalid or {@code null} */
    public String rawPath() {
        return rawPath;
    }

    /** @return the validated path pattern; {@code null} when the properties are invalid */
    public PathPattern pattern() {
        return pattern;
    }

    /** @return the code sent to the handler's streams when it leaves */
    public int closeCode() {
        return closeCode;
    }

    /** @return milliseconds the handler's streams may go on after it left, before they are closed */
    public long closeGraceMillis() {
        return closeGraceMillis;
    }

    /** @return the servers the handler is for */
    public ServerTarget target() {
        return target;
    }

    /** @return whether only authenticated connections reach the handler */
    public boolean isAuthenticationRequired() {
        return authenticationRequired;
    }

    /** @return the subprotocols the handler speaks, in its order of preference; empty for none */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** @return whether the handler can be served: valid properties and an obtainable instance */
    public boolean isValid() {
        return invalidReason == null;
    }

    /** @return whether the handler was taken out of service because its instance could not be obtained */
    public boolean isNotGettable() {
        return notGettable;
    }

    /** @return why the handler is not served (invalid properties or no instance), or {@code null} */
    public String invalidReason() {
        return invalidReason;
    }

    public S source() {
        return source;
    }

    @Override
    public String toString() {
        return "handler[service.id=" + serviceId + ", path=" + rawPath + ", ranking=" + ranking
                + (target.filter() == null ? "" : ", target=" + target.filter()) + "]";
    }
}
