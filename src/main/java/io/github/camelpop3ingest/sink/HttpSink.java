package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpConstants;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP sink: POSTs one archived message per request to a receiver and turns the answer into success, a
 * {@link RetryableDeliveryException} or a {@link PermanentDeliveryException}.
 * <p>
 * The request is one {@code multipart/form-data} body (RFC 7578, file names in UTF-8 as browsers send them): a
 * part {@value #ENVELOPE_PART} ({@code application/json}, the envelope exactly as {@link EnvelopeWriter#toJson}
 * writes it) followed by one part {@value #FILE_PART} per archived part file, whose filename is the file's sanitized name under {@code parts/} and
 * whose Content-Type is the part's (with its charset, when the envelope names one). File parts are streamed from the
 * archive folder, so an attachment of any size never sits in the heap; one request per message keeps a message's
 * delivery all-or-nothing. Every request carries {@value #IDEMPOTENCY_KEY_HEADER} with the message's
 * {@code account#UIDL} key so that the receiver can drop a redelivery.
 * <p>
 * The request goes through a camel-http endpoint that the sink creates once at start, outside the endpoint registry
 * (so the receiver's own query string is sent verbatim instead of being read as endpoint options), with
 * {@code throwExceptionOnFailure=false}: the sink, not camel-http, decides what a status means. 2xx is success and
 * leaves the {@link Envelope} as the body; 408, 429 and 5xx are retryable and carry {@code Retry-After} when the
 * receiver sent it; a refused connection, an unknown host or a timeout is retryable; any other status is permanent.
 * The {@link #setAuthorization authorization} value and the URL's user-info and query never appear in logs or
 * exception messages.
 */
@ManagedResource(description = "HTTP sink of archived POP3 messages")
public class HttpSink extends ServiceSupport implements Processor, CamelContextAware {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "httpSink";
    /** The sink's name in {@link DeliveryException#sink()}. */
    public static final String SINK = "http";
    /** The setting that holds {@link #setUrl url}, named in configuration errors. */
    public static final String URL_SETTING = "ingest.http.url (INGEST_HTTP_URL)";
    /** Request header that carries the message's idempotency key. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** Form name of the envelope part. */
    public static final String ENVELOPE_PART = EnvelopeMultipart.ENVELOPE_PART;
    /** Form name of every archived file part. */
    public static final String FILE_PART = EnvelopeMultipart.FILE_PART;
    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_READ_TIMEOUT_MILLIS = 60_000;
    /** How much of a refusing receiver's body a {@link PermanentDeliveryException} quotes. */
    public static final int BODY_EXCERPT_CHARS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(HttpSink.class);

    private CamelContext camelContext;
    private String url;
    private String authorization;
    private int connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    private int readTimeoutMillis = DEFAULT_READ_TIMEOUT_MILLIS;
    private final EnvelopeWriter envelopeWriter = new EnvelopeWriter();

    private URI target;
    private String safeUrl;
    private String effectiveAuthorization;
    private HttpEndpoint endpoint;
    private ProducerTemplate template;
    private final ObjectMapper envelopeReader = new ObjectMapper();

    @Override
    protected void doStart() throws Exception {
        target = validatedUrl(url);
        safeUrl = redacted(target);
        effectiveAuthorization = authorization != null && !authorization.isBlank()
                ? authorization : basicFromUserInfo(target);
        if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0) {
            throw new IllegalArgumentException("HttpSink timeouts must be positive milliseconds, got connectTimeoutMillis="
                    + connectTimeoutMillis + " readTimeoutMillis=" + readTimeoutMillis);
        }
        if (camelContext == null) {
            throw new IllegalStateException("HttpSink needs a CamelContext; declare it as a bean of the Camel context");
        }
        endpoint = createEndpoint();
        ServiceHelper.startService(endpoint);
        template = camelContext.createProducerTemplate();
        template.start();
        LOG.info("HTTP sink posts to {} (connect timeout {} ms, read timeout {} ms, authorization {})", safeUrl,
                connectTimeoutMillis, readTimeoutMillis, effectiveAuthorization == null ? "none" : "set");
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(template, endpoint);
        template = null;
        endpoint = null;
    }

    static URI validatedUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(URL_SETTING + " is required: the http or https URL that receives messages");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // The index, not the input, so that a secret in the URL stays out of the message.
            throw new IllegalArgumentException(URL_SETTING + " is not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + ")", null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(URL_SETTING + " must be an http or https URL, got scheme '"
                    + (uri.getScheme() == null ? "" : uri.getScheme()) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(URL_SETTING + " must name a host, e.g. https://receiver.example/messages");
        }
        return uri;
    }

    /** The URL as it may appear in logs: no user-info, no query, no fragment. */
    static String redacted(URI uri) {
        return uri.getScheme() + "://" + hostAndPort(uri) + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String hostAndPort(URI uri) {
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** HttpClient 5 refuses user-info in a request URI, so {@code https://user:pass@host/} becomes Basic auth. */
    private static String basicFromUserInfo(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return null;
        }
        String decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }

    private HttpEndpoint createEndpoint() throws Exception {
        String scheme = target.getScheme().toLowerCase(Locale.ROOT);
        HttpComponent component = camelContext.getComponent(scheme, HttpComponent.class);
        String options = "throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + connectTimeoutMillis
                + "&connectionRequestTimeout=" + connectTimeoutMillis
                + "&responseTimeout=" + readTimeoutMillis
                + "&soTimeout=" + readTimeoutMillis;
        HttpEndpoint created = (HttpEndpoint) component.createEndpoint(redacted(target) + "?" + options);
        created.setHttpUri(new URI(scheme, null, target.getHost(), target.getPort(), target.getPath(),
                target.getQuery(), null));
        return created;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (!isStarted()) {
            throw new IllegalStateException("HttpSink is not started; declare it with initMethod: start");
        }
        Path folder = archiveFolder(exchange);
        String key = IngestExchange.key(exchange);
        if (key == null || key.isBlank()) {
            throw new PermanentDeliveryException(SINK, "the exchange has no " + IngestExchange.KEY
                    + " header, which the pop3-ingest consumer sets", null);
        }
        Envelope envelope = envelope(exchange, folder);
        HttpEntity entity = new EnvelopeMultipart(envelopeWriter).build(envelope, folder, SINK);

        Exchange request = template.send(endpoint, out -> {
            out.getIn().setBody(entity);
            out.getIn().setHeader(HttpConstants.HTTP_METHOD, "POST");
            out.getIn().setHeader(IDEMPOTENCY_KEY_HEADER, key);
            if (effectiveAuthorization != null) {
                out.getIn().setHeader("Authorization", effectiveAuthorization);
            }
        });
        Exception failure = request.getException();
        if (failure != null) {
            throw classify(failure, key);
        }
        Integer status = request.getMessage().getHeader(HttpConstants.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new RetryableDeliveryException(SINK, "POST " + key + " to " + safeUrl + " got no HTTP status", null,
                    null);
        }
        if (status >= 200 && status < 300) {
            LOG.debug("Delivered {} to {}: HTTP {}", key, safeUrl, status);
            exchange.getIn().setBody(envelope);
            return;
        }
        if (status == 408 || status == 429 || status >= 500) {
            String retryAfter = request.getMessage().getHeader(RetryAfterHeader.NAME, String.class);
            throw new RetryableDeliveryException(SINK, "POST " + key + " to " + safeUrl + " answered HTTP " + status
                    + (retryAfter == null ? "" : ", Retry-After " + retryAfter),
                    RetryAfterHeader.parse(retryAfter, Instant.now()).orElse(null), null);
        }
        throw new PermanentDeliveryException(SINK, "POST " + key + " to " + safeUrl + " was refused with HTTP " + status
                + ": " + excerpt(request.getMessage().getBody(String.class)), null);
    }

    private static Path archiveFolder(Exchange exchange) {
        Object value = exchange.getIn().getHeader(IngestExchange.ARCHIVE_FOLDER);
        if (value == null) {
            throw new PermanentDeliveryException(SINK, "the exchange has no " + IngestExchange.ARCHIVE_FOLDER
                    + " header; put the archiveWriter before the HTTP sink", null);
        }
        return value instanceof Path path ? path : Path.of(value.toString());
    }

    /** The body, or envelope.json when the archive writer found the message already archived and left no body. */
    private Envelope envelope(Exchange exchange, Path folder) {
        if (exchange.getIn().getBody() instanceof Envelope envelope) {
            return envelope;
        }
        Path json = folder.resolve(EnvelopeWriter.FILE_NAME);
        try {
            return envelopeReader.readValue(json.toFile(), Envelope.class);
        } catch (IOException e) {
            throw new PermanentDeliveryException(SINK, "the body is no Envelope and " + json + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private DeliveryException classify(Exception failure, String key) {
        String what = "POST " + key + " to " + safeUrl + " failed: ";
        if (cause(failure, ConnectException.class) != null) {
            return new RetryableDeliveryException(SINK, what + "connection refused", null, failure);
        }
        if (cause(failure, UnknownHostException.class) != null) {
            return new RetryableDeliveryException(SINK, what + "unknown host " + target.getHost(), null, failure);
        }
        if (cause(failure, InterruptedIOException.class) != null) {
            // SocketTimeoutException and HttpClient's ConnectTimeoutException both are interrupted I/O.
            return new RetryableDeliveryException(SINK, what + "timed out", null, failure);
        }
        IOException io = cause(failure, IOException.class);
        if (io != null) {
            // A reset or a dropped connection is the network's fault, not the message's.
            return new RetryableDeliveryException(SINK, what + io.getClass().getSimpleName(), null, failure);
        }
        return new PermanentDeliveryException(SINK, what + failure.getClass().getSimpleName(), failure);
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private String excerpt(String body) {
        if (body == null) {
            return "(no body)";
        }
        String excerpt = body.length() > BODY_EXCERPT_CHARS ? body.substring(0, BODY_EXCERPT_CHARS) : body;
        // A receiver that echoes the request must not leak the credential into our logs.
        return effectiveAuthorization == null ? excerpt : excerpt.replace(effectiveAuthorization, "***");
    }

    @ManagedAttribute(description = "URL that receives the messages, without user-info and query")
    public String getSafeUrl() {
        return safeUrl;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The http or https URL that receives one POST per message; required. */
    public void setUrl(String url) {
        this.url = url;
    }

    /** The Authorization header's value, e.g. {@code Bearer …}; never logged. */
    public void setAuthorization(String authorization) {
        this.authorization = authorization;
    }

    /** Milliseconds to wait for the TCP (and TLS) connection; default {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS}. */
    public void setConnectTimeoutMillis(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** Milliseconds to wait for the response, and between its bytes; default {@value #DEFAULT_READ_TIMEOUT_MILLIS}. */
    public void setReadTimeoutMillis(int readTimeoutMillis) {
        this.readTimeoutMillis = readTimeoutMillis;
    }
}
