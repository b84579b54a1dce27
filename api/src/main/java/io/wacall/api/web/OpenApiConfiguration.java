package io.wacall.api.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document, wacall's face for CRM developers: who may call each operation
 * ({@link Roles}, also as {@code x-wacall-roles}), every error with its problem-details
 * {@code code} ({@link Fails}), the bearer scheme Swagger UI can authorise with, and the tags in
 * the order a newcomer reads them. Groups: {@code wacall} (the API), {@code webhooks} (what Meta
 * calls) and, only while the sandbox is on, {@code sandbox}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
  static final String BEARER = "bearer";
  static final String PROBLEM = "Problem";
  /** Every protected operation can answer these. */
  private static final List<ProblemCode> ALWAYS = List.of(
      ProblemCode.INVALID_REQUEST, ProblemCode.UNAUTHORIZED, ProblemCode.FORBIDDEN, ProblemCode.PAYLOAD_TOO_LARGE,
      ProblemCode.DATABASE_UNAVAILABLE);

  @Bean
  OpenAPI wacallOpenApi(@Value("${wacall.version:dev}") String version) {
    return new OpenAPI()
        .info(new Info()
            .title("wacall API")
            .version(version)
            .description("""
                WhatsApp Business Calling for a CRM, on Temporal. Ask a customer for call permission, place
                and answer calls, set dispositions, read calls, permissions and charges.

                **Authentication**: `Authorization: Bearer <token>`. A *service* (the CRM's back end) uses a
                static token or a JWT of the CRM's identity provider; an *agent* uses the short-lived token a
                service mints with `POST /api/v1/agents/{agentId}/tokens`; an *operator* has its own token.
                Each operation lists the roles it is open to.

                **Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `code`.""")
            .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
        .components(new Components()
            .addSecuritySchemes(BEARER, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("static token or JWT")
                .description("A service or operator token, an agent token minted by wacall, or a JWT of the CRM's "
                    + "identity provider"))
            .addSchemas(PROBLEM, new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema()._enum(Arrays.stream(ProblemCode.values()).map(Enum::name).toList()))
                .additionalProperties(true)))
        .addSecurityItem(new SecurityRequirement().addList(BEARER))
        .tags(List.of(
            tag("Calls", "Place a call, answer, decline, hang up, set the disposition; read calls"),
            tag("Call permissions", "Ask a customer for permission to call; know when a call is allowed"),
            tag("Agents", "Agents, their tokens, availability and ringing calls"),
            tag("Business numbers", "WhatsApp business numbers, their calling settings and ring groups"),
            tag("Conversations", "A customer's conversation log: missed calls, call events"),
            tag("Billing", "Quotes, charges and monthly summaries"),
            tag("Rate cards", "The versioned per-minute rates by market"),
            tag("Operations", "Webhook events: inspect and re-dispatch"),
            tag("Payload codec", "The Temporal UI's codec server: decrypt payloads for operators")));
  }

  private static Tag tag(String name, String description) {
    return new Tag().name(name).description(description);
  }

  @Bean
  GroupedOpenApi wacallApi(OperationCustomizer rolesAndErrors) {
    return GroupedOpenApi.builder().group("wacall").displayName("wacall API")
        .pathsToMatch("/api/**", "/codec/**").addOperationCustomizer(rolesAndErrors).build();
  }

  @Bean
  GroupedOpenApi webhookApi(OperationCustomizer rolesAndErrors) {
    return GroupedOpenApi.builder().group("webhooks").displayName("Meta webhooks")
        .pathsToMatch("/webhooks/**").addOperationCustomizer(rolesAndErrors).build();
  }

  @Bean
  @ConditionalOnProperty(name = "wacall.sandbox.enabled", havingValue = "true")
  GroupedOpenApi sandboxApi(OperationCustomizer rolesAndErrors) {
    return GroupedOpenApi.builder().group("sandbox").displayName("Cloud API sandbox (embedded mode only)")
        .pathsToMatch("/sandbox/**").addOperationCustomizer(rolesAndErrors).build();
  }

  /** {@link Roles} and {@link Fails} of each handler method into the document. */
  @Bean
  OperationCustomizer rolesAndErrors() {
    return (operation, handler) -> {
      Roles roles = handler.getMethodAnnotation(Roles.class);
      if (roles == null) {
        operation.setSecurity(List.of()); // open: webhooks (signed), the sandbox
        return operation;
      }
      List<String> names = Arrays.stream(roles.value()).map(Role::name).toList();
      operation.addExtension("x-wacall-roles", names);
      String summary = "Roles: " + String.join(", ", names) + ".";
      operation.setDescription(operation.getDescription() == null ? summary : operation.getDescription() + "\n\n" + summary);
      Set<ProblemCode> codes = new LinkedHashSet<>(ALWAYS);
      Fails fails = handler.getMethodAnnotation(Fails.class);
      if (fails != null) {
        codes.addAll(List.of(fails.value()));
      }
      addProblems(operation, codes);
      return operation;
    };
  }

  private static void addProblems(Operation operation, Set<ProblemCode> codes) {
    Map<Integer, List<ProblemCode>> byStatus = codes.stream()
        .collect(Collectors.groupingBy(c -> c.status().value(), TreeMap::new, Collectors.toList()));
    byStatus.forEach((status, list) -> {
      String description = list.stream().map(c -> "`" + c.name() + "`: " + c.meaning()).collect(Collectors.joining("; "));
      Schema<?> schema = new Schema<>().allOf(new ArrayList<>(List.of(
          new Schema<>().$ref("#/components/schemas/" + PROBLEM),
          new ObjectSchema().addProperty("code", new StringSchema()._enum(list.stream().map(Enum::name).toList())))));
      operation.getResponses().addApiResponse(String.valueOf(status), new ApiResponse().description(description)
          .content(new Content().addMediaType("application/problem+json", new MediaType().schema(schema))));
    });
  }
}
