/**
 * Several wsstream nodes as one: the members, the directory of every node's streams, a broadcast that reaches
 * every node, and sending to or closing any stream by its id wherever it is open. Provided by the cluster bundle
 * when it is configured (PID {@code io.wsstream.cluster}); without it there is no {@link StreamCluster} service.
 *
 * <p>A handler written for one node works unchanged on many: {@link io.wsstream.api.StreamManager} stays the
 * local view (its broadcast reaches this node's streams only); {@link StreamCluster} is the cluster-wide one.
 */
@Export
@Version("1.0.0")
package io.wsstream.api.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
