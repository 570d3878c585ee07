package io.wsstream.jakarta;

/**
 * The names of impl-bundle's upgrader contract (documented on its {@code RouteSource}, which is private to
 * impl): a Jetty {@code Handler} service with {@link #UPGRADER_PROPERTY} gets admitted handshakes of its
 * {@code wsstream.path}, each with the {@link Runnable} that gives its connection-limit place back, and the
 * {@code Function<Object, Runnable>} that lists a session (given as its websocket-core {@code CoreSession}) among
 * wsstream's streams and returns its deregistration.
 */
final class UpgraderContract {
    static final String UPGRADER_PROPERTY = "wsstream.upgrader";
    static final String RELEASE_ATTRIBUTE = "io.wsstream.upgrade.release";
    static final String PRINCIPAL_ATTRIBUTE = "io.wsstream.upgrade.principal";
    static final String STREAM_ATTRIBUTE = "io.wsstream.upgrade.stream";
    /** Why an endpoint is not served: it is listed as failed in wsstream's DTOs. */
    static final String FAILURE_PROPERTY = "wsstream.upgrader.failure";
    /** With {@link #FAILURE_PROPERTY}: the failure is that the service gave no instance. */
    static final String NOT_GETTABLE_PROPERTY = "wsstream.upgrader.notgettable";
    /** This bundle's kind of upgrader. */
    static final String KIND = "jakarta";
    /** On the upgrader service: the endpoint service it serves. */
    static final String ENDPOINT_SERVICE_ID = "wsstream.jakarta.endpoint.service.id";

    private UpgraderContract() {}
}
