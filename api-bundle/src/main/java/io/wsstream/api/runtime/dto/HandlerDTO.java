package io.wsstream.api.runtime.dto;

import org.osgi.dto.DTO;

/** A handler service the whiteboard serves. */
public class HandlerDTO extends DTO {
    /** The {@code wsstream.path} of the handler, as registered. */
    public String path;
    /** The {@code service.id} of the handler service. */
    public long serviceId;
    /** The id of the bundle that registered the handler. */
    public long bundleId;
    /** The {@code service.ranking} of the handler service (0 when absent). */
    public int ranking;
    /** The number of streams the handler serves now, on every server. */
    public int openStreams;
    /**
     * The names of the servers this entry is about, sorted: for a served handler, the servers that serve
     * it; for a shadowed one, the servers on which it is shadowed; empty for a handler that fails
     * everywhere (invalid, not gettable, no matching server). A handler can be served on one server and
     * shadowed on another, and then appears in both lists.
     */
    public String[] serverNames;
    /** The handler's {@code wsstream.subprotocols}, in its order; empty when it declares none (or is invalid). */
    public String[] subprotocols;
}
