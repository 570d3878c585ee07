package io.wsstream.api;

import java.util.concurrent.Flow;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The subscription a subscriber of a {@link StreamManager#tap traffic tap} receives in
 * {@link Flow.Subscriber#onSubscribe}: a {@link Flow.Subscription} that also tells how many messages this
 * subscriber lost because its buffer was full.
 *
 * @since 1.1
 */
@ProviderType
public interface TapSubscription extends Flow.Subscription {

    /** @return how many messages were dropped for this subscriber so far, because its buffer was full */
    long dropped();
}
