package org.esingest.localnode.mustache;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentType;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.POST;

/** {@code GET|POST /_render/template[/{id}]}: responds {@code {"template_output": <rendered JSON>}}. */
public final class RestRenderTemplateAction extends BaseRestHandler {
    private final TemplateRendering rendering;

    public RestRenderTemplateAction(TemplateRendering rendering) {
        this.rendering = rendering;
    }

    @Override
    public String getName() {
        return "localnode_render_template_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(
            new Route(GET, "/_render/template"),
            new Route(POST, "/_render/template"),
            new Route(GET, "/_render/template/{id}"),
            new Route(POST, "/_render/template/{id}")
        );
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String id = request.param("id");
        final TemplateRendering.TemplateRequest template;
        if (request.hasContentOrSourceParam()) {
            try (XContentParser parser = request.contentOrSourceParamParser()) {
                template = TemplateRendering.parse(parser, id);
            }
        } else {
            template = TemplateRendering.parse(null, id);
        }
        String rendered = rendering.render(template.script());
        final Map<String, Object> output;
        try (XContentParser parser = XContentType.JSON.xContent().createParser(request.contentParserConfig(), rendered)) {
            output = parser.mapOrdered();
        } catch (IOException e) {
            throw TemplateRendering.invalidJson(e);
        }
        return channel -> {
            XContentBuilder builder = channel.newBuilder();
            builder.startObject();
            builder.field("template_output", output);
            builder.endObject();
            channel.sendResponse(new RestResponse(RestStatus.OK, builder));
        };
    }
}
