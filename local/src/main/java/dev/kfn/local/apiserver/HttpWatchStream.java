package dev.kfn.local.apiserver;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A watch over plain HTTP, as kubectl (client-go) reads one: a chunked response of one JSON event per line. Fabric8's
 * store serves watches to WebSockets only, so the store's watch listener is handed a socket that writes each event it
 * sends into the response instead.
 */
public final class HttpWatchStream {

    private final KubeApiDispatcher dispatcher;

    public HttpWatchStream(KubeApiDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** A watch request that is not a WebSocket upgrade (Fabric8 clients upgrade; kubectl does not). */
    public static boolean accepts(HttpServerRequest request) {
        String watch = request.getParam("watch");
        return request.method() == io.vertx.core.http.HttpMethod.GET
                && ("true".equals(watch) || "1".equals(watch))
                && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    public void handle(HttpServerRequest request) {
        RecordedRequest recorded = new RecordedRequest(
                request.version().alpnName().toUpperCase(Locale.ROOT),
                HttpMethod.GET,
                request.uri(),
                Headers.builder().addAll(request.headers()).build(),
                new Buffer());
        MockResponse answer = dispatcher.dispatch(recorded);
        HttpServerResponse response = request.response();
        WebSocketListener listener = answer.getWebSocketListener();
        if (listener == null) {
            answer.getHeaders().toMultimap().forEach(response::putHeader);
            response.setStatusCode(answer.code())
                    .end(io.vertx.core.buffer.Buffer.buffer(
                            answer.getBody() == null
                                    ? new byte[0]
                                    : answer.getBody().getBytes()));
            return;
        }
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
        response.writeHead();
        ResponseSocket socket = new ResponseSocket(recorded, response, dispatcher.watchEvents(recorded));
        response.closeHandler(closed -> {
            listener.onClosing(socket, 1000, "watcher gone");
            listener.onClosed(socket, 1000, "watcher gone");
        });
        listener.onOpen(socket, answer);
    }

    /** The store's side of the stream: what it sends as WebSocket messages becomes lines of the response. */
    private static final class ResponseSocket implements WebSocket {

        private final RecordedRequest request;
        private final HttpServerResponse response;
        private final UnaryOperator<String> events;

        ResponseSocket(RecordedRequest request, HttpServerResponse response, UnaryOperator<String> events) {
            this.request = request;
            this.response = response;
            this.events = events;
        }

        @Override
        public RecordedRequest request() {
            return request;
        }

        @Override
        public boolean send(String text) {
            try {
                response.write(events.apply(text) + "\n");
                return true;
            } catch (IllegalStateException closed) {
                return false;
            }
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
            try {
                response.end();
                return true;
            } catch (IllegalStateException closed) {
                return false;
            }
        }
    }
}
