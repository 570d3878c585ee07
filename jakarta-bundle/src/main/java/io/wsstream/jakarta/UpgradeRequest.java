package io.wsstream.jakarta;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The handshake as Jetty's Jakarta implementation reads it: the principal wsstream's authenticators found,
 * and, for an annotated endpoint served on another path than its annotation's, the path that annotation's
 * template matches ({@code @PathParam} binds from it).
 */
final class UpgradeRequest extends HttpServletRequestWrapper {
    private final Principal principal;
    private final String pathInfo;

    UpgradeRequest(HttpServletRequest request, Principal principal, String pathInfo) {
        super(request);
        this.principal = principal;
        this.pathInfo = pathInfo;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal != null ? principal : super.getUserPrincipal();
    }

    @Override
    public String getServletPath() {
        return "";
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }
}
