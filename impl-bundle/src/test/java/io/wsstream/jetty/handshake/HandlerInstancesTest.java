package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.jetty.whiteboard.PullAcceptor;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class HandlerInstancesTest {

    /** A pull endpoint's handler that counts its backlog places. */
    static final class CountingPull implements StreamHandler, PullAcceptor {
        int placesHeld;

        @Override
        public boolean reserve() {
            placesHeld++;
            return true;
        }

        @Override
        public void accepted(WebsocketServerPullStream stream) {
            placesHeld--;
        }

        @Override
        public void cancel() {
            placesHeld--;
        }

        @Override
        public void onMessage(WebsocketServerStream stream, Message message) {}
    }

    static final class Instances implements ComponentServiceObjects<StreamHandler> {
        final List<StreamHandler> released = new ArrayList<>();

        @Override
        public StreamHandler getService() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void ungetService(StreamHandler service) {
            released.add(service);
        }

        @Override
        public ServiceReference<StreamHandler> getServiceReference() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aHandshakeThatFailsBeforeItsStreamOpensGivesItsBacklogPlaceBack() {
        CountingPull pull = new CountingPull();
        Instances instances = new Instances();
        HandlerInstances.Binding binding = new HandlerInstances.Binding(pull, 1, "/pull", 1001, instances, null, pull);
        assertTrue(binding.reservePlace());
        assertEquals(1, pull.placesHeld);

        binding.release();

        assertEquals(0, pull.placesHeld);
        assertEquals(List.of(pull), instances.released);
    }

    @Test
    void anOpenedStreamTakesThePlaceAndItsEndDoesNotGiveItBackTwice() {
        CountingPull pull = new CountingPull();
        HandlerInstances.Binding binding = new HandlerInstances.Binding(pull, 1, "/pull", 1001, new Instances(), null, pull);
        assertTrue(binding.reservePlace());

        binding.pullStreamOpened(null);
        binding.release();

        assertEquals(0, pull.placesHeld);
    }
}
