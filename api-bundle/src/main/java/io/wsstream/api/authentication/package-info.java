/**
 * Authentication: a {@link io.wsstream.api.authentication.StreamAuthenticator} service sees each handshake as a
 * {@link io.wsstream.api.authentication.HandshakeRequest} and returns an
 * {@link io.wsstream.api.authentication.AuthenticationResult} (accept, refuse or abstain) before any handler
 * sees the connection.
 */
@Export
@Version("1.0.0")
package io.wsstream.api.authentication;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
