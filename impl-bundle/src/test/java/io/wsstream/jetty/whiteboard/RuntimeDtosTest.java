package io.wsstream.jetty.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.RuntimeDTO;
import io.wsstream.api.runtime.dto.WhiteboardDTO;
import io.wsstream.jetty.routing.HandlerRegistry;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/** One server's view of the whiteboard ({@code WebsocketServerRuntime.getRuntimeDTO()}) against the all-servers view. */
class RuntimeDtosTest {
    private final HandlerRegistry<String> registry = new HandlerRegistry<>();

    RuntimeDtosTest() {
        registry.putServer("a", Map.of(WebsocketConstants.SERVER_NAME, "a"));
        registry.putServer("b", Map.of(WebsocketConstants.SERVER_NAME, "b"));
        put(1, Map.of(WebsocketConstants.PATH, "/x"));
        put(2, Map.of(WebsocketConstants.PATH, "/x", WebsocketConstants.TARGET, "(wsstream.server.name=b)", Constants.SERVICE_RANKING, 5));
        put(3, Map.of(WebsocketConstants.PATH, "/y", WebsocketConstants.TARGET, "(wsstream.server.name=nowhere)"));
        put(4, Map.of(WebsocketConstants.PATH, "no slash"));
    }

    private void put(long serviceId, Map<String, Object> properties) {
        Map<String, Object> service = new HashMap<>(properties);
        service.put(Constants.SERVICE_ID, serviceId);
        service.put(Constants.SERVICE_BUNDLEID, 9L);
        registry.put(HandlerProperties.parse(service, "handler-" + serviceId));
    }

    private static List<Long> ids(HandlerDTO[] dtos) {
        return Arrays.stream(dtos).map(dto -> dto.serviceId).sorted().collect(Collectors.toList());
    }

    @Test
    void eachServerListsWhatItServesWhatIsShadowedOnItAndWhatIsInvalidEverywhere() {
        WhiteboardDTO all = RuntimeDtos.of(registry.snapshot(), serviceId -> 0);

        RuntimeDTO a = RuntimeDtos.ofServer(all, "a");
        assertEquals(List.of(1L), ids(a.handlerDTOs));
        assertEquals(List.of(4L), ids(a.failedHandlerDTOs), "only the invalid one: 2 does not target a, 3 matches no server");

        RuntimeDTO b = RuntimeDtos.ofServer(all, "b");
        assertEquals(List.of(2L), ids(b.handlerDTOs));
        assertEquals(List.of(1L, 4L), ids(b.failedHandlerDTOs), "1 is shadowed on b by the higher ranking 2");
        assertEquals(DTOConstants.FAILURE_REASON_SHADOWED, Arrays.stream(b.failedHandlerDTOs).filter(f -> f.serviceId == 1)
                .findFirst().orElseThrow().failureReason);
    }

    @Test
    void aHandlerThatMatchesNoServerIsListedByTheWhiteboardOnly() {
        WhiteboardDTO all = RuntimeDtos.of(registry.snapshot(), serviceId -> 0);

        assertEquals(List.of(1L, 3L, 4L), ids(all.failedHandlerDTOs));
        assertEquals(DTOConstants.FAILURE_REASON_NO_MATCHING_SERVER, Arrays.stream(all.failedHandlerDTOs)
                .filter(f -> f.serviceId == 3).findFirst().orElseThrow().failureReason);
    }
}
