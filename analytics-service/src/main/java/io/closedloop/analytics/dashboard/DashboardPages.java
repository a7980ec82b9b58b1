package io.closedloop.analytics.dashboard;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * Where people find the dashboard: {@code /} and {@code /dashboard} send them to {@code /dashboard/} with their query
 * (a shared link keeps its filters and language), which serves the page. Its scripts, styles and texts are plain
 * static resources under {@code static/dashboard/}; ECharts comes from its WebJar.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPages {

    static final String PAGE = "/dashboard/";

    @Bean
    RouterFunction<ServerResponse> dashboardRoutes(@Value("classpath:/static/dashboard/index.html") Resource page) {
        return route(GET("/").or(GET("/dashboard")), DashboardPages::toDashboard)
                .andRoute(GET(PAGE), request -> ServerResponse.ok()
                        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                        // always asked again, so that a new release's page is seen at once (it is small)
                        .cacheControl(CacheControl.noCache())
                        .bodyValue(page));
    }

    private static Mono<ServerResponse> toDashboard(ServerRequest request) {
        String query = request.uri().getRawQuery();
        return ServerResponse.status(HttpStatus.FOUND)
                .location(UriComponentsBuilder.fromPath(PAGE).query(query).build(true).toUri())
                .build();
    }
}
