package dev.rehearsal.dashboard.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's header, served at {@code /api/v1/openapi.json}; its paths come from the
 * controllers. {@code docs/openapi.json} is the same document, and a test keeps them equal.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI rehearsalOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Rehearsal API").version("v1")
                        .description("Backups, restore drills, on-demand restores and the coverage audit of the Rehearsal"
                                + " daemon. Every call needs a bearer token: an API token or, in OIDC mode, an access"
                                + " token. Roles: viewer reads; operator also starts backups, drills and sandbox restores"
                                + " and cancels restores; admin also restores into a new table and reads the audit log."
                                + " Errors are RFC 9457 problem details."))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token (rehearsal.security.tokens) or an OIDC access token")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Every operation can answer 401 and 403, and most 400 and 404: all as problem details. */
    @Bean
    org.springdoc.core.customizers.GlobalOpenApiCustomizer problemResponses() {
        return api -> {
            api.getComponents().addSchemas("Problem", new io.swagger.v3.oas.models.media.ObjectSchema()
                    .description("RFC 9457 problem details, with the request's id")
                    .addProperty("type", new io.swagger.v3.oas.models.media.StringSchema())
                    .addProperty("title", new io.swagger.v3.oas.models.media.StringSchema())
                    .addProperty("status", new io.swagger.v3.oas.models.media.IntegerSchema())
                    .addProperty("detail", new io.swagger.v3.oas.models.media.StringSchema()
                            .description("what was wrong, in words a person can act on"))
                    .addProperty("instance", new io.swagger.v3.oas.models.media.StringSchema())
                    .addProperty("requestId", new io.swagger.v3.oas.models.media.StringSchema()
                            .description("also in the X-Request-Id header and the audit log")));
            io.swagger.v3.oas.models.media.Content problem = new io.swagger.v3.oas.models.media.Content().addMediaType(
                    "application/problem+json", new io.swagger.v3.oas.models.media.MediaType()
                            .schema(new io.swagger.v3.oas.models.media.Schema<>().$ref("#/components/schemas/Problem")));
            api.getPaths().values().forEach(path -> path.readOperations().forEach(op -> {
                op.getResponses().addApiResponse("400", new io.swagger.v3.oas.models.responses.ApiResponse()
                        .description("Bad input: an invalid name, id or parameter, or a malformed body").content(problem));
                op.getResponses().addApiResponse("401", new io.swagger.v3.oas.models.responses.ApiResponse()
                        .description("No bearer token, or one that is not accepted").content(problem));
                op.getResponses().addApiResponse("403", new io.swagger.v3.oas.models.responses.ApiResponse()
                        .description("The token's role does not allow this call").content(problem));
                op.getResponses().addApiResponse("404", new io.swagger.v3.oas.models.responses.ApiResponse()
                        .description("No such source, table, backup, drill or restore").content(problem));
            }));
        };
    }
}
