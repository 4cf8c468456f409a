package org.openloa.cms.shell;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The OpenAPI description of /api/v1 and /edge/v1. What every operation shares is added here rather than
 * annotated on each method: the problem+json refusals that follow from its shape (a body can be malformed or of
 * the wrong type, a path id can name nothing the caller reaches, a change needs a role). Controllers
 * annotate only what is particular to them (a 409 state conflict, a 422 rule, a 201 or 202).
 *
 * <p>The document is compared with a checked-in copy by a test, so it must come out the same on every start:
 * a fixed relative server, tags in name order.
 */
@Configuration
class ApiDocumentation {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** Changes any signed-in user may make to their own things: there is no role to lack. */
    private static final Set<String> OWN_THINGS =
            Set.of("/api/v1/users/me/password", "/api/v1/tokens", "/api/v1/tokens/{id}");

    /** Query parameters naming an area or device: one outside the caller's reach answers 404. */
    private static final Set<String> REACH_PARAMETERS = Set.of("areaId", "deviceId");

    @Bean
    OpenAPI openLoaApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("OpenLoa API")
                        .version("v1")
                        .description("Operator API (/api/v1) and edge protocol (/edge/v1) of OpenLoa. Errors are "
                                + "RFC 9457 problem+json with a stable `code`; send Accept-Language: vi or en.")
                        .license(new License().name("Apache-2.0")))
                // Relative, so the document is the same whatever host and port serve it.
                .servers(List.of(new Server().url("/").description("the server that serves this document")))
                .components(new Components()
                        .addSecuritySchemes(
                                "basic",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("a user's name and password"))
                        .addSecuritySchemes(
                                "token",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("a personal API token (olt_…) created on the API tokens page")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }

    /**
     * springdoc gives every response a method declares without content the method's return type as body, and
     * leaves out the success response once any is declared: a declared refusal gets the problem body instead,
     * and the success its return type back.
     */
    @Bean
    OperationCustomizer declaredResponses() {
        return (operation, handler) -> {
            operation.setOperationId(operationId(handler.getMethod()));
            ApiResponses responses = operation.getResponses();
            if (responses == null) {
                return operation;
            }
            Content body = null;
            for (io.swagger.v3.oas.annotations.responses.ApiResponse declared : declared(handler.getMethod())) {
                ApiResponse response = responses.get(declared.responseCode());
                if (response != null && declared.content().length == 0 && response.getContent() != null) {
                    body = response.getContent();
                    if (Integer.parseInt(declared.responseCode()) >= 400) {
                        response.setContent(problemContent());
                    }
                }
            }
            if (responses.keySet().stream().noneMatch(status -> status.startsWith("2"))) {
                ResponseStatus status =
                        AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ResponseStatus.class);
                responses.addApiResponse(
                        String.valueOf(status == null ? 200 : status.code().value()),
                        new ApiResponse().description("OK").content(body));
            }
            return operation;
        };
    }

    /**
     * The controller's concept and the method's name (areaCreate, bulletinApprove): springdoc's own ids number
     * the methods that share a name (create_3) in the order it meets them, so one new controller would rename
     * operations elsewhere, and with them the methods of clients generated from the document.
     */
    static String operationId(Method method) {
        String controller = method.getDeclaringClass().getSimpleName().replaceFirst("Api$", "");
        String name = method.getName();
        return Character.toLowerCase(controller.charAt(0))
                + controller.substring(1)
                + Character.toUpperCase(name.charAt(0))
                + name.substring(1);
    }

    /** On the method, or in its {@code @Operation(responses = …)}. */
    private static List<io.swagger.v3.oas.annotations.responses.ApiResponse> declared(Method method) {
        List<io.swagger.v3.oas.annotations.responses.ApiResponse> declared = new ArrayList<>(
                List.of(method.getAnnotationsByType(io.swagger.v3.oas.annotations.responses.ApiResponse.class)));
        io.swagger.v3.oas.annotations.Operation operation =
                method.getAnnotation(io.swagger.v3.oas.annotations.Operation.class);
        if (operation != null) {
            declared.addAll(List.of(operation.responses()));
        }
        return declared;
    }

    /** Runs after the other customisers, so it also completes the responses they add. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    OpenApiCustomizer problemAnswers() {
        return api -> {
            ModelConverters.getInstance(true).readAll(Problem.class).forEach(api.getComponents()::addSchemas);
            if (api.getPaths() != null) {
                api.getPaths()
                        .forEach((path, item) -> item.readOperationsMap()
                                .forEach((method, operation) -> describe(path, method, operation)));
            }
            if (api.getTags() != null) {
                api.setTags(api.getTags().stream()
                        .sorted(Comparator.comparing(Tag::getName))
                        .toList());
            }
        };
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        boolean edge = path.startsWith("/edge/");
        boolean signedIn =
                operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        // A header is taken as it comes; a path or query value can fail to parse (a UUID, a number, an enum).
        if (body || parameters.stream().anyMatch(p -> !"header".equals(p.getIn()))) {
            add(
                    responses,
                    "400",
                    "Malformed input: unreadable JSON, a value of the wrong type, a missing required field"
                            + " (errors names each field)");
        }
        if (signedIn) {
            add(
                    responses,
                    "401",
                    edge
                            ? "No device credential, or a wrong or revoked one"
                            : "No credentials, or wrong, expired or revoked ones");
        }
        if (signedIn && !edge && method != PathItem.HttpMethod.GET && !OWN_THINGS.contains(path)) {
            add(responses, "403", "The caller's role does not allow this");
        }
        if (path.contains("{") || parameters.stream().anyMatch(p -> REACH_PARAMETERS.contains(p.getName()))) {
            add(responses, "404", "Not found, or outside the caller's areas (which is not revealed)");
        }
        if (body) {
            add(responses, "415", "A Content-Type this operation does not take");
        }
        responses.forEach((status, response) -> {
            int code = Integer.parseInt(status);
            if (code >= 400
                    && (response.getContent() == null || response.getContent().isEmpty())) {
                response.setContent(problemContent());
            } else if (code == 204 || code == 304) {
                response.setContent(null);
            }
        });
        operation.setResponses(sorted(responses));
    }

    private static void add(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description));
        }
    }

    private static Content problemContent() {
        return new Content()
                .addMediaType(
                        PROBLEM_JSON,
                        new MediaType().schema(new io.swagger.v3.oas.models.media.Schema<>().$ref(PROBLEM_REF)));
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses ordered = new ApiResponses();
        new TreeMap<>(responses).forEach(ordered::addApiResponse);
        return ordered;
    }

    @Schema(
            name = "Problem",
            description = "RFC 9457 problem details, in the language of Accept-Language (Vietnamese by default)")
    record Problem(
            @Schema(
                    description = "identifies the kind of problem: https://openloa.org/problems/{code}",
                    requiredMode = RequiredMode.REQUIRED)
            URI type,

            @Schema(description = "a short summary of the HTTP status", requiredMode = RequiredMode.REQUIRED)
            String title,

            @Schema(description = "the HTTP status code", requiredMode = RequiredMode.REQUIRED)
            int status,

            @Schema(description = "what went wrong, for people", requiredMode = RequiredMode.REQUIRED)
            String detail,

            @Schema(description = "the request path, when given")
            URI instance,

            @Schema(
                    description = "stable code for programs, e.g. bulletin-state or invalid-input",
                    requiredMode = RequiredMode.REQUIRED)
            String code,

            @Schema(description = "one entry per refused field, when the problem is about fields")
            List<FieldError> errors) {}

    @Schema(name = "FieldError", description = "why one input field was refused")
    record FieldError(
            @Schema(description = "the field, e.g. title or [3].itemId", requiredMode = RequiredMode.REQUIRED)
            String field,

            @Schema(description = "why, for people", requiredMode = RequiredMode.REQUIRED)
            String message) {}
}
