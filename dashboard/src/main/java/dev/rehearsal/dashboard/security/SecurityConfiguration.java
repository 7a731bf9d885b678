package dev.rehearsal.dashboard.security;

import dev.rehearsal.dashboard.api.BodyLimit;
import dev.rehearsal.dashboard.api.Problems;
import dev.rehearsal.dashboard.api.RequestIds;
import dev.rehearsal.dashboard.audit.AuditFilter;
import dev.rehearsal.dashboard.audit.AuditLog;
import dev.rehearsal.dashboard.audit.RequestAudit;
import dev.rehearsal.dashboard.audit.UnauthenticatedAudit;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;

/**
 * Two filter chains with the same roles. (Longer than most classes here, on purpose: both chains,
 * their refusal handlers and the rules they share stay side by side, so that a change to one rule
 * is seen against the other chain.)
 *
 * <p>The API chain ({@code /api/**}, {@code /actuator/**}) is
 * stateless: health is open, {@code /actuator/prometheus} is open or not by setting, and everything
 * else needs a bearer token whose role allows the call. Reads need viewer, POST and DELETE under
 * {@code /api} need operator, the audit log and the compliance export need auditor (which an admin
 * holds too); an auditor changes nothing. Restoring outside the sandbox needs admin
 * too; the restores endpoint checks that, as it depends on the body.
 *
 * <p>The dashboard chain (every other path) signs a person in with an API token pasted into a
 * form, or through the OpenID provider when single sign-on is configured, and keeps the
 * authentication in a session; its forms carry CSRF tokens. See {@link #dashboardSecurity}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    ApiTokens apiTokens(RehearsalProperties config) {
        return new ApiTokens(config.security().tokens());
    }

    /** API tokens first; then, in OIDC mode, JWTs. Defining it also keeps Spring Boot from inventing a default user. */
    @Bean
    AuthenticationManager rehearsalAuthentication(RehearsalProperties config, ApiTokens tokens) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiTokenAuthenticationProvider(tokens));
        RehearsalProperties.Oidc oidc = config.security().oidc();
        if (oidc != null) {
            JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(jwtDecoder(oidc));
            JwtAuthenticationConverter roles = new JwtAuthenticationConverter();
            roles.setJwtGrantedAuthoritiesConverter(new JwtRoles(oidc));
            jwt.setJwtAuthenticationConverter(roles);
            providers.add(jwt);
        }
        if (tokens.isEmpty() && oidc == null) {
            log.warn("No API token and no OIDC provider is configured (rehearsal.security): every API call will be"
                    + " refused with 401. Health and, if open, metrics still answer.");
        }
        return new ProviderManager(providers);
    }

    @Bean
    RequestAudit requestAudit(AuditLog audit) {
        return new RequestAudit(audit);
    }

    @Bean
    UnauthenticatedAudit unauthenticatedAudit(AuditLog audit, RehearsalProperties config) {
        return new UnauthenticatedAudit(audit, config.security().unauthenticatedAuditPerMinute(), java.time.Clock.systemUTC());
    }

    /**
     * Requests the firewall refuses (an encoded slash or dot segment, a backslash, a double slash, a
     * NUL): a 400 problem document under {@code /api} and {@code /actuator}, a plain 400 page elsewhere.
     */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejected(UnauthenticatedAudit anonymous) {
        return (request, response, e) -> {
            if (!List.of("GET", "HEAD", "OPTIONS").contains(request.getMethod())) {
                recordSafely(() -> anonymous.refused(request, request.getMethod() + " " + request.getRequestURI(),
                        request.getRequestURI(), "400 rejected", e.getMessage()));
            }
            Problems.writeForPath(request, response, HttpStatus.BAD_REQUEST, "the request's path is refused: "
                    + e.getMessage());
        };
    }

    @Bean
    FilterRegistrationBean<RequestIds> requestIds() {
        FilterRegistrationBean<RequestIds> r = new FilterRegistrationBean<>(new RequestIds());
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return r;
    }

    /** Over-long paths and query strings get 414 before anything reads them, on every path. */
    @Bean
    FilterRegistrationBean<dev.rehearsal.dashboard.api.RequestLimits> requestLimits(UnauthenticatedAudit anonymous) {
        FilterRegistrationBean<dev.rehearsal.dashboard.api.RequestLimits> r =
                new FilterRegistrationBean<>(new dev.rehearsal.dashboard.api.RequestLimits(anonymous));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return r;
    }

    /** The container's own refusals (a path it cannot decode) as problem documents too. */
    @Bean
    org.springframework.boot.tomcat.TomcatContextCustomizer containerErrors() {
        return dev.rehearsal.dashboard.api.ContainerErrors.installer();
    }

    @Bean
    FilterRegistrationBean<BodyLimit> bodyLimit(RehearsalProperties config) {
        FilterRegistrationBean<BodyLimit> r = new FilterRegistrationBean<>(new BodyLimit(config.security().maxRequestBody()));
        r.setOrder(0);
        return r;
    }

    @Bean
    @Order(1)
    SecurityFilterChain rehearsalSecurity(HttpSecurity http, AuthenticationManager authentication,
            RehearsalProperties config, AuditLog audit, RequestAudit requestAudit, UnauthenticatedAudit anonymous)
            throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            boolean presented = request.getHeader("Authorization") != null;
            recordSafely(() -> anonymous.refused(request, request.getMethod() + " " + request.getRequestURI(),
                    request.getRequestURI(), presented ? "the bearer token was not accepted" : "no bearer token"));
            response.setHeader("WWW-Authenticate", presented
                    ? "Bearer realm=\"rehearsal\", error=\"invalid_token\"" : "Bearer realm=\"rehearsal\"");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, presented
                    ? "the bearer token was not accepted: it is not a configured API token"
                            + (config.security().oidc() != null ? " nor a valid token from the OIDC provider" : "")
                    : "this endpoint needs a bearer token: send 'Authorization: Bearer <token>' with an API token"
                            + (config.security().oidc() != null ? " or an access token from the OIDC provider" : ""));
        };
        AccessDeniedHandler denied = (request, response, e) -> {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            Role needed = needed(request);
            String role = RequestAudit.role(who);
            recordSafely(() -> audit.record(RequestAudit.actor(who), role, request.getMethod() + " "
                    + request.getRequestURI(), request.getRequestURI(), "403 denied", RequestIds.of(request),
                    "needs role " + needed.label()));
            Problems.write(request, response, HttpStatus.FORBIDDEN, "role '" + role + "' may not "
                    + request.getMethod() + " " + request.getRequestURI() + "; it needs a token with the "
                    + needed.label() + " role");
        };
        http.securityMatcher("/api/**", "/actuator/**")
                .csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                // Stateless, and a dashboard session cookie sent along is neither used nor touched (its id not rotated).
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .authorizeHttpRequests(a -> {
                    // Error pages, and the async dispatch that ends a server-sent event stream already authorized.
                    a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    a.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    if (config.security().prometheusOpen()) {
                        a.requestMatchers("/actuator/prometheus").permitAll();
                    }
                    // The auditor's reads; an admin holds the auditor role too (Role.authorities).
                    a.requestMatchers(HttpMethod.GET, "/api/v1/audit", "/api/v1/audit/**", "/api/v1/compliance",
                            "/api/v1/compliance/**").hasRole(Role.AUDITOR.name());
                    a.requestMatchers("/api/v1/audit", "/api/v1/audit/**", "/api/v1/compliance", "/api/v1/compliance/**")
                            .hasRole(Role.ADMIN.name());
                    a.requestMatchers(HttpMethod.POST, "/api/**").hasRole(Role.OPERATOR.name());
                    a.requestMatchers(HttpMethod.DELETE, "/api/**").hasRole(Role.OPERATOR.name());
                    a.requestMatchers(HttpMethod.PUT, "/api/**").hasRole(Role.OPERATOR.name());
                    a.requestMatchers(HttpMethod.PATCH, "/api/**").hasRole(Role.OPERATOR.name());
                    a.anyRequest().hasRole(Role.VIEWER.name());
                })
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(request -> authentication)
                        .authenticationEntryPoint(unauthenticated))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .addFilterAfter(new AuditFilter(requestAudit), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Writes the audit entry of a refusal. The refusal stands whether or not its entry could be
     * written: nothing was done, and a failing catalog must not turn a 401 or 403 into a 500.
     */
    private static void recordSafely(Runnable entry) {
        try {
            entry.run();
        } catch (RuntimeException e) {
            log.error("The audit entry of a refused request could not be written: {}", e.toString());
        }
    }

    /**
     * The web dashboard: a person pastes an API token into the login form (the token is the
     * password; there is no user name) and gets a session holding the token's name and role. Pages
     * need viewer, starting and cancelling restores and plan drills needs operator, the audit page,
     * a plan's incident dry run and its recovery need admin.
     * Refusals are audited as the API's are. With {@code rehearsal.security.oidc.client-id} set, a
     * person may sign in through the OpenID provider instead ({@link OidcSignIn}), with the role its
     * claims map to; the sign-in and its refusals are audited as the token login's are.
     */
    @Bean
    @Order(2)
    SecurityFilterChain dashboardSecurity(HttpSecurity http, ApiTokens tokens, AuditLog audit, RequestAudit requestAudit,
            UnauthenticatedAudit anonymous, RehearsalProperties config) throws Exception {
        AccessDeniedHandler denied = (request, response, e) -> {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            Role needed = neededOnPage(request);
            recordSafely(() -> audit.record(RequestAudit.actor(who), RequestAudit.role(who), request.getMethod() + " "
                    + request.getRequestURI(), request.getRequestURI(), "403 denied", RequestIds.of(request),
                    "dashboard; needs role " + needed.label()));
            DeniedMessage.set(request, "This needs the " + needed.label() + " role; you are signed in as "
                    + RequestAudit.actor(who) + " with the " + RequestAudit.role(who) + " role.");
            response.sendError(HttpStatus.FORBIDDEN.value());
        };
        SavedRequestAwareAuthenticationSuccessHandler toPage = new SavedRequestAwareAuthenticationSuccessHandler();
        toPage.setDefaultTargetUrl("/");
        AuthenticationSuccessHandler signedIn = (request, response, who) -> {
            audit.record(who.getName(), RequestAudit.role(who), "dashboard.login", who.getName(),
                    "signed in", RequestIds.of(request), null);
            toPage.onAuthenticationSuccess(request, response, who);
        };
        RehearsalProperties.Oidc oidc = config.security().oidc();
        OidcSignIn sso = oidc != null && oidc.signIn() ? new OidcSignIn(oidc) : null;
        if (sso != null) {
            sso.applyTo(http, signedIn, (request, response, e) -> {
                recordSafely(() -> anonymous.refused(request, "dashboard.login", "-", "single sign-on: " + e.getMessage()));
                response.sendRedirect(request.getContextPath() + "/login?sso-error");
            });
        }
        http.authenticationManager(sso == null ? new ProviderManager(new TokenLoginProvider(tokens))
                        : new ProviderManager(new TokenLoginProvider(tokens), sso.authentication()))
                .authorizeHttpRequests(a -> {
                    // Error pages, and the async dispatch that ends a restore's event stream already authorized.
                    a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    a.requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.svg", "/error").permitAll();
                    a.requestMatchers(HttpMethod.GET, "/audit", "/audit/**", "/compliance", "/compliance/**")
                            .hasRole(Role.AUDITOR.name());
                    a.requestMatchers("/audit", "/audit/**", "/compliance", "/compliance/**").hasRole(Role.ADMIN.name());
                    a.requestMatchers("/restores/new").hasRole(Role.OPERATOR.name());
                    // A plan's dry run and its recovery for real are an admin's; a plan drill and the
                    // cancel of a run an operator's (the page refuses an operator's cancel of a recovery).
                    a.requestMatchers("/plans/*/incident", "/plans/*/incidents").hasRole(Role.ADMIN.name());
                    a.requestMatchers(HttpMethod.POST, "/restores", "/restores/*/cancel", "/drills", "/plans/*/drills",
                            "/plan-runs/*/cancel").hasRole(Role.OPERATOR.name());
                    a.anyRequest().hasRole(Role.VIEWER.name());
                })
                .formLogin(f -> f.loginPage("/login").passwordParameter("token")
                        .successHandler(signedIn)
                        .failureHandler((request, response, e) -> {
                            recordSafely(() -> anonymous.refused(request, "dashboard.login", "-", e.getMessage()));
                            response.sendRedirect(request.getContextPath() + "/login?error");
                        }))
                .logout(l -> {
                    l.logoutUrl("/logout").logoutSuccessUrl("/login?logout");
                    if (sso != null) {
                        l.logoutSuccessHandler(sso.logoutSuccess());
                    }
                })
                .exceptionHandling(e -> e.accessDeniedHandler(denied))
                .addFilterAfter(new AuditFilter(requestAudit), AuthorizationFilter.class)
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; img-src 'self' data:;"
                        + " object-src 'none'; base-uri 'self'; form-action 'self"
                        + (sso == null ? "'" : "' " + sso.providerOrigin()) + "; frame-ancestors 'none'")));
        return http.build();
    }

    /** The smallest role the dashboard chain asks of a request, for the 403 page. */
    static Role neededOnPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/audit") || path.startsWith("/compliance")) {
            return List.of("GET", "HEAD").contains(request.getMethod()) ? Role.AUDITOR : Role.ADMIN;
        }
        if (path.matches("/plans/[^/]+/incidents?")) {
            return Role.ADMIN;
        }
        return path.startsWith("/restores/new") || !List.of("GET", "HEAD").contains(request.getMethod())
                ? Role.OPERATOR : Role.VIEWER;
    }

    /** The smallest role the rules above ask of a request, for the 403 message. */
    static Role needed(HttpServletRequest request) {
        String path = request.getRequestURI();
        boolean write = !List.of("GET", "HEAD", "OPTIONS").contains(request.getMethod());
        if (path.startsWith("/api/v1/audit") || path.startsWith("/api/v1/compliance")) {
            return write ? Role.ADMIN : Role.AUDITOR;
        }
        return write && path.startsWith("/api/") ? Role.OPERATOR : Role.VIEWER;
    }

    private static JwtDecoder jwtDecoder(RehearsalProperties.Oidc oidc) {
        NimbusJwtDecoder decoder;
        if (oidc.publicKeyLocation() != null) {
            decoder = NimbusJwtDecoder.withPublicKey(publicKey(oidc.publicKeyLocation())).build();
        } else if (oidc.jwkSetUri() != null) {
            decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri().toString()).build();
        } else {
            decoder = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(oidc.issuerUri() != null ? JwtValidators.createDefaultWithIssuer(oidc.issuerUri())
                : JwtValidators.createDefault());
        if (oidc.audience() != null) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.contains(oidc.audience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    private static RSAPublicKey publicKey(String location) {
        String file = location.startsWith("file:") ? location.substring("file:".length()) : location;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            String pem = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("rehearsal.security.oidc.public-key-location: cannot read an RSA public key"
                    + " from '" + location + "': " + e.getMessage(), e);
        }
    }
}
