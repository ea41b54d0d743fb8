package dev.arena.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A Google Cloud Storage JSON API server for tests, on 127.0.0.1 and a free port, holding objects in
 * memory. It answers what google-cloud-storage's HTTP transport sends for {@code GcsStore}: multipart
 * inserts (gzip bodies), resumable sessions with chunked PUTs, the {@code ifGenerationMatch}
 * precondition, object metadata and media reads, listing with prefix, delimiter and pages, delete;
 * and for `arena setup`, buckets themselves (get, insert, delete of an empty bucket) and their IAM
 * policies. Objects may be written to a bucket that was never inserted; only the bucket calls
 * see the difference.
 * Each request is recorded by kind so tests can assert how a store talked to the bucket; anything
 * else is printed to stderr and answered 501, so a gap shows up as a clear failure.
 */
public final class FakeGcsServer implements AutoCloseable {
    /** What a request did. */
    public enum Kind {
        INSERT, RESUMABLE_START, RESUMABLE_CHUNK, GET_METADATA, GET_MEDIA, LIST, DELETE,
        BUCKET_GET, BUCKET_INSERT, BUCKET_DELETE, BUCKET_GET_IAM, BUCKET_SET_IAM, UNKNOWN
    }

    /** The kinds that change a bucket or its policy (for "changed nothing" assertions). */
    public static final java.util.Set<Kind> BUCKET_MUTATIONS = java.util.EnumSet.of(Kind.BUCKET_INSERT, Kind.BUCKET_DELETE, Kind.BUCKET_SET_IAM);

    /** One request as seen: its kind and the object it named (null for lists). */
    public record Request(Kind kind, String object) {
    }

    private static final String API = "/storage/v1/b/";
    private static final String UPLOAD = "/upload/storage/v1/b/";
    /** Media reads go to {@code /download/storage/v1/...?alt=media}. */
    private static final String DOWNLOAD = "/download";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final int pageSize;
    private final Map<String, NavigableMap<String, FakeBlob>> buckets = new HashMap<>(); // guarded by this
    private final Map<String, ObjectNode> bucketResources = new HashMap<>(); // guarded by this
    private final Map<String, ObjectNode> bucketPolicies = new HashMap<>(); // guarded by this
    /** How many bucket policy writes answer 400 "does not exist" first, as GCS does for a service account IAM has not seen yet. */
    public final java.util.concurrent.atomic.AtomicInteger refusePolicyWrites = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, ResumableSession> sessions = new ConcurrentHashMap<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private long lastGeneration = 1_700_000_000_000_000L; // guarded by this

    static {
        // without it every small response waits for a delayed ACK (about 40 ms); read once by the JDK's server config
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private FakeGcsServer(int pageSize) throws IOException {
        this.pageSize = pageSize;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        http.createContext("/", this::handle);
        http.setExecutor(threads);
        http.start();
    }

    /** A server that lists at most 1000 entries per page, as GCS does. */
    public static FakeGcsServer start() {
        return start(1000);
    }

    public static FakeGcsServer start(int pageSize) {
        try {
            return new FakeGcsServer(pageSize);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake GCS server", e);
        }
    }

    /** host:port, the form STORAGE_EMULATOR_HOST takes. */
    public String hostAndPort() {
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    public String endpoint() {
        return "http://" + hostAndPort();
    }

    /** The real HTTP client, pointed at this server. */
    public Storage storage() {
        return StorageOptions.http().setHost(endpoint()).setProjectId("fake-project")
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(Kind kind) {
        return requests.stream().filter(r -> r.kind() == kind).count();
    }

    public void clearRequests() {
        requests.clear();
    }

    public synchronized Optional<byte[]> content(String bucket, String name) {
        return Optional.ofNullable(bucket(bucket).get(name)).map(FakeBlob::content);
    }

    public synchronized List<String> names(String bucket) {
        return List.copyOf(bucket(bucket).keySet());
    }

    /** Stores an object directly, without a request: for seeding large buckets quickly. */
    public synchronized void seed(String bucket, String name, byte[] content, Map<String, String> metadata) {
        bucket(bucket).put(name, new FakeBlob(bucket, name, content, "application/octet-stream", metadata,
                ++lastGeneration, Instant.now()));
    }

    /** Makes a bucket as if inserted earlier, without a request. */
    public synchronized void createBucket(String name, String location, boolean uniformAccess) {
        ObjectNode b = mapper.createObjectNode().put("kind", "storage#bucket").put("id", name).put("name", name)
                .put("location", location.toUpperCase(java.util.Locale.ROOT)).put("metageneration", "1")
                .put("timeCreated", Instant.now().toString());
        b.putObject("iamConfiguration").putObject("uniformBucketLevelAccess").put("enabled", uniformAccess);
        bucketResources.put(name, b);
    }

    /** The bucket resource as stored (location, iamConfiguration, ...), if the bucket exists. */
    public synchronized Optional<JsonNode> bucketResource(String name) {
        return Optional.ofNullable(bucketResources.get(name)).map(ObjectNode::deepCopy);
    }

    /** The bucket's unconditional IAM bindings as role → members (see {@link #bucketPolicy} for the conditional ones). */
    public synchronized Map<String, List<String>> bucketBindings(String name) {
        Map<String, List<String>> out = new TreeMap<>();
        ObjectNode policy = bucketPolicies.get(name);
        if (policy != null && policy.has("bindings")) {
            for (JsonNode b : policy.get("bindings")) {
                if (b.has("condition")) {
                    continue;
                }
                List<String> members = new ArrayList<>();
                b.get("members").forEach(m -> members.add(m.asText()));
                out.put(b.get("role").asText(), members);
            }
        }
        return out;
    }

    /** The bucket's IAM policy as stored (version, bindings with their conditions), if one was read or written. */
    public synchronized Optional<JsonNode> bucketPolicy(String name) {
        return Optional.ofNullable(bucketPolicies.get(name)).map(ObjectNode::deepCopy);
    }

    /** Stores a bucket policy directly, without a request (an older setup's grants, say). */
    public synchronized void seedBucketPolicy(String name, JsonNode policy) {
        ObjectNode p = (ObjectNode) policy.deepCopy();
        p.put("kind", "storage#policy").put("resourceId", "projects/_/buckets/" + name).put("etag", "CAE=");
        bucketPolicies.put(name, p);
    }

    private static boolean conditional(JsonNode policy) {
        if (policy == null) {
            return false;
        }
        for (JsonNode b : policy.path("bindings")) {
            if (b.has("condition")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String raw = ex.getRequestURI().getRawPath();
            String path = raw.startsWith(DOWNLOAD + API) ? raw.substring(DOWNLOAD.length()) : raw;
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            if (path.startsWith(UPLOAD) && path.endsWith("/o")) {
                String bucket = decode(path.substring(UPLOAD.length(), path.length() - 2));
                String type = query.getOrDefault("uploadType", "");
                if (method.equals("POST") && type.equals("multipart")) {
                    insertMultipart(ex, bucket, query);
                    return;
                }
                if (method.equals("POST") && type.equals("resumable")) {
                    startResumable(ex, bucket, query);
                    return;
                }
                if (method.equals("PUT") && query.containsKey("upload_id")) {
                    putChunk(ex, query.get("upload_id"));
                    return;
                }
            } else if (path.equals("/storage/v1/b") && method.equals("POST")) {
                insertBucket(ex);
                return;
            } else if (path.startsWith(API)) {
                String rest = path.substring(API.length());
                int slash = rest.indexOf('/');
                String bucket = decode(slash < 0 ? rest : rest.substring(0, slash));
                String tail = slash < 0 ? "" : rest.substring(slash);
                if (tail.isEmpty() && (method.equals("GET") || method.equals("DELETE"))) {
                    bucketCall(ex, bucket, method);
                    return;
                }
                if (tail.equals("/iam") && (method.equals("GET") || method.equals("PUT"))) {
                    bucketPolicy(ex, bucket, method, query);
                    return;
                }
                if (tail.equals("/o") && method.equals("GET")) {
                    list(ex, bucket, query);
                    return;
                }
                if (tail.startsWith("/o/")) {
                    String name = decode(tail.substring(3));
                    if (method.equals("GET")) {
                        get(ex, bucket, name, query);
                        return;
                    }
                    if (method.equals("DELETE")) {
                        delete(ex, bucket, name);
                        return;
                    }
                }
            }
            unknown(ex);
        } catch (RuntimeException e) {
            System.err.println("FakeGcsServer: failed on " + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
            e.printStackTrace();
            error(ex, 500, "fake server failure: " + e);
        }
    }

    private void insertBucket(HttpExchange ex) throws IOException {
        JsonNode body = mapper.readTree(body(ex));
        String name = body.get("name").asText();
        requests.add(new Request(Kind.BUCKET_INSERT, name));
        ObjectNode created;
        synchronized (this) {
            if (bucketResources.containsKey(name)) {
                created = null;
            } else {
                JsonNode uniform = body.path("iamConfiguration").path("uniformBucketLevelAccess").path("enabled");
                createBucket(name, body.path("location").asText("US"), uniform.asBoolean(false));
                created = bucketResources.get(name);
            }
        }
        if (created == null) {
            error(ex, 409, "Your previous request to create the named bucket succeeded and you already own it.");
        } else {
            json(ex, 200, created);
        }
    }

    private void bucketCall(HttpExchange ex, String bucket, String method) throws IOException {
        boolean delete = method.equals("DELETE");
        requests.add(new Request(delete ? Kind.BUCKET_DELETE : Kind.BUCKET_GET, bucket));
        ObjectNode resource;
        boolean empty;
        synchronized (this) {
            resource = bucketResources.get(bucket);
            empty = bucket(bucket).isEmpty();
            if (delete && resource != null && empty) {
                bucketResources.remove(bucket);
                bucketPolicies.remove(bucket);
                buckets.remove(bucket);
            }
        }
        if (resource == null) {
            error(ex, 404, "The specified bucket does not exist.");
        } else if (delete && !empty) {
            error(ex, 409, "The bucket you tried to delete is not empty.");
        } else if (delete) {
            ex.sendResponseHeaders(204, -1);
        } else {
            json(ex, 200, resource);
        }
    }

    /**
     * As GCS does: a policy with IAM Conditions is read only with {@code optionsRequestedPolicyVersion=3},
     * written only as version 3, and only on a bucket with uniform bucket-level access.
     */
    private void bucketPolicy(HttpExchange ex, String bucket, String method, Map<String, String> query) throws IOException {
        boolean set = method.equals("PUT");
        requests.add(new Request(set ? Kind.BUCKET_SET_IAM : Kind.BUCKET_GET_IAM, bucket));
        byte[] body = set ? body(ex) : null;
        ObjectNode policy;
        String refusal = null;
        synchronized (this) {
            ObjectNode sent = set ? (ObjectNode) mapper.readTree(body) : null;
            ObjectNode stored = bucketPolicies.get(bucket);
            if (!bucketResources.containsKey(bucket)) {
                policy = null;
            } else if (set && refusePolicyWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                policy = mapper.createObjectNode().put("refused", true);
            } else if (set && conditional(sent) && sent.path("version").asInt(1) != 3) {
                policy = null;
                refusal = "IAM policies with conditions must have version 3 (got " + sent.path("version").asInt(1) + ")";
            } else if (set && conditional(sent) && !bucketResources.get(bucket).path("iamConfiguration")
                    .path("uniformBucketLevelAccess").path("enabled").asBoolean()) {
                policy = null;
                refusal = "IAM Conditions need uniform bucket-level access on the bucket";
            } else if (!set && conditional(stored) && !"3".equals(query.get("optionsRequestedPolicyVersion"))) {
                policy = null;
                refusal = "the policy has conditions: request policy version 3";
            } else if (set) {
                policy = sent;
                policy.put("kind", "storage#policy").put("resourceId", "projects/_/buckets/" + bucket)
                        .put("etag", java.util.Base64.getEncoder().encodeToString(("e" + ++lastGeneration).getBytes(StandardCharsets.UTF_8)));
                bucketPolicies.put(bucket, policy);
            } else {
                policy = bucketPolicies.computeIfAbsent(bucket, b -> {
                    ObjectNode p = mapper.createObjectNode().put("kind", "storage#policy").put("resourceId", "projects/_/buckets/" + b)
                            .put("version", 1).put("etag", "CAE=");
                    p.putArray("bindings").addObject().put("role", "roles/storage.legacyBucketOwner").putArray("members").add("projectOwner:fake-project");
                    return p;
                });
            }
        }
        if (refusal != null) {
            error(ex, 400, refusal);
        } else if (policy == null) {
            error(ex, 404, "The specified bucket does not exist.");
        } else if (policy.has("refused")) {
            error(ex, 400, "Service account arena-evaluator@example.iam.gserviceaccount.com does not exist.");
        } else {
            json(ex, 200, policy);
        }
    }

    private void insertMultipart(HttpExchange ex, String bucket, Map<String, String> query) throws IOException {
        List<MultipartRelated.Part> parts = MultipartRelated.parse(ex.getRequestHeaders().getFirst("Content-Type"), body(ex));
        JsonNode resource = mapper.readTree(parts.get(0).body());
        String name = resource.hasNonNull("name") ? resource.get("name").asText() : query.get("name");
        requests.add(new Request(Kind.INSERT, name));
        String contentType = resource.hasNonNull("contentType") ? resource.get("contentType").asText() : parts.get(1).contentType();
        store(ex, bucket, name, parts.get(1).body(), contentType, metadata(resource), query.get("ifGenerationMatch"));
    }

    private void startResumable(HttpExchange ex, String bucket, Map<String, String> query) throws IOException {
        byte[] body = body(ex);
        JsonNode resource = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
        String name = resource.hasNonNull("name") ? resource.get("name").asText() : query.get("name");
        requests.add(new Request(Kind.RESUMABLE_START, name));
        String contentType = resource.hasNonNull("contentType") ? resource.get("contentType").asText()
                : Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Upload-Content-Type")).orElse("application/octet-stream");
        String id = UUID.randomUUID().toString();
        sessions.put(id, new ResumableSession(bucket, name, contentType, metadata(resource), query.get("ifGenerationMatch")));
        ex.getResponseHeaders().set("Location", endpoint() + UPLOAD + bucket + "/o?uploadType=resumable&upload_id=" + id);
        ex.sendResponseHeaders(200, -1);
    }

    /** One PUT of a resumable session; {@code Content-Range} says where the bytes go and, on the last, the total. */
    private void putChunk(HttpExchange ex, String id) throws IOException {
        ResumableSession s = sessions.get(id);
        byte[] body = body(ex);
        if (s == null) {
            requests.add(new Request(Kind.RESUMABLE_CHUNK, null));
            error(ex, 404, "no upload session " + id);
            return;
        }
        requests.add(new Request(Kind.RESUMABLE_CHUNK, s.name));
        String range = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Range")).orElse("bytes */*");
        long total = s.accept(range, body);
        if (total >= 0 && s.received() == total) {
            sessions.remove(id);
            store(ex, s.bucket, s.name, s.bytes.toByteArray(), s.contentType, s.metadata, s.ifGenerationMatch);
            return;
        }
        if (s.received() > 0) {
            ex.getResponseHeaders().set("Range", "bytes=0-" + (s.received() - 1));
        }
        ex.sendResponseHeaders(308, -1);
    }

    private void store(HttpExchange ex, String bucket, String name, byte[] content, String contentType,
                       Map<String, String> metadata, String ifGenerationMatch) throws IOException {
        FakeBlob blob;
        synchronized (this) {
            FakeBlob existing = bucket(bucket).get(name);
            long current = existing == null ? 0 : existing.generation();
            if (ifGenerationMatch != null && Long.parseLong(ifGenerationMatch) != current) {
                blob = null;
            } else {
                blob = new FakeBlob(bucket, name, content, contentType, metadata, ++lastGeneration, Instant.now());
                bucket(bucket).put(name, blob);
            }
        }
        if (blob == null) {
            error(ex, 412, "At least one of the pre-conditions you specified did not hold.");
        } else {
            json(ex, 200, blob.toJson(mapper));
        }
    }

    private void get(HttpExchange ex, String bucket, String name, Map<String, String> query) throws IOException {
        boolean media = "media".equals(query.get("alt"));
        requests.add(new Request(media ? Kind.GET_MEDIA : Kind.GET_METADATA, name));
        FakeBlob blob;
        synchronized (this) {
            blob = bucket(bucket).get(name);
        }
        String generation = query.get("generation");
        if (blob == null || generation != null && Long.parseLong(generation) != blob.generation()) {
            error(ex, 404, "No such object: " + bucket + "/" + name);
            return;
        }
        if (!media) {
            json(ex, 200, blob.toJson(mapper));
            return;
        }
        byte[] content = blob.content();
        int from = 0;
        int to = content.length;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=")) {
            String[] ends = range.substring(6).split("-", -1);
            from = (int) Math.min(Long.parseLong(ends[0]), content.length);
            to = ends[1].isEmpty() ? content.length : (int) Math.min(Long.parseLong(ends[1]) + 1, content.length);
        }
        ex.getResponseHeaders().set("Content-Type", blob.contentType());
        ex.getResponseHeaders().set("x-goog-generation", Long.toString(blob.generation()));
        ex.getResponseHeaders().set("x-goog-hash", "crc32c=" + blob.crc32cBase64() + ",md5=" + blob.md5Base64());
        if (range != null) {
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + content.length);
        }
        send(ex, range != null ? 206 : 200, java.util.Arrays.copyOfRange(content, from, to));
    }

    private void delete(HttpExchange ex, String bucket, String name) throws IOException {
        requests.add(new Request(Kind.DELETE, name));
        FakeBlob removed;
        synchronized (this) {
            removed = bucket(bucket).remove(name);
        }
        if (removed == null) {
            error(ex, 404, "No such object: " + bucket + "/" + name);
        } else {
            ex.sendResponseHeaders(204, -1);
        }
    }

    /**
     * Objects and (with a delimiter) common prefixes, merged in name order and cut into pages; the
     * page token is the last entry served, so the next page starts after it.
     */
    private void list(HttpExchange ex, String bucket, Map<String, String> query) throws IOException {
        requests.add(new Request(Kind.LIST, null));
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        String after = query.get("pageToken");
        int limit = Math.min(pageSize, Integer.parseInt(query.getOrDefault("maxResults", "1000")));
        TreeMap<String, FakeBlob> entries = new TreeMap<>(); // a prefix maps to null
        synchronized (this) {
            for (FakeBlob b : bucket(bucket).tailMap(prefix, true).values()) {
                if (!b.name().startsWith(prefix)) {
                    break;
                }
                int cut = delimiter == null ? -1 : b.name().indexOf(delimiter, prefix.length());
                if (cut >= 0) {
                    entries.put(b.name().substring(0, cut + delimiter.length()), null);
                } else {
                    entries.put(b.name(), b);
                }
            }
        }
        ObjectNode page = mapper.createObjectNode().put("kind", "storage#objects");
        ArrayNode items = mapper.createArrayNode();
        ArrayNode prefixes = mapper.createArrayNode();
        Iterator<Map.Entry<String, FakeBlob>> it = (after == null ? entries : entries.tailMap(after, false)).entrySet().iterator();
        String last = null;
        for (int n = 0; n < limit && it.hasNext(); n++) {
            Map.Entry<String, FakeBlob> e = it.next();
            if (e.getValue() == null) {
                prefixes.add(e.getKey());
            } else {
                items.add(e.getValue().toJson(mapper));
            }
            last = e.getKey();
        }
        if (!items.isEmpty()) {
            page.set("items", items);
        }
        if (!prefixes.isEmpty()) {
            page.set("prefixes", prefixes);
        }
        if (it.hasNext()) {
            page.put("nextPageToken", last);
        }
        json(ex, 200, page);
    }

    private void unknown(HttpExchange ex) throws IOException {
        requests.add(new Request(Kind.UNKNOWN, ex.getRequestMethod() + " " + ex.getRequestURI()));
        System.err.println("FakeGcsServer: not implemented: " + ex.getRequestMethod() + " " + ex.getRequestURI()
                + " headers " + ex.getRequestHeaders().entrySet());
        error(ex, 501, "the fake GCS server does not implement " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
    }

    private NavigableMap<String, FakeBlob> bucket(String name) {
        return buckets.computeIfAbsent(name, n -> new TreeMap<>());
    }

    private Map<String, String> metadata(JsonNode resource) {
        Map<String, String> m = new HashMap<>();
        JsonNode node = resource.get("metadata");
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    private void error(HttpExchange ex, int code, String message) throws IOException {
        ObjectNode error = mapper.createObjectNode();
        ObjectNode inner = error.putObject("error").put("code", code).put("message", message);
        inner.putArray("errors").addObject().put("domain", "global").put("reason", reason(code)).put("message", message);
        json(ex, code, error);
    }

    private static String reason(int code) {
        return switch (code) {
            case 404 -> "notFound";
            case 409 -> "conflict";
            case 412 -> "conditionNotMet";
            case 501 -> "notImplemented";
            default -> "backendError";
        };
    }

    private void json(HttpExchange ex, int code, JsonNode body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        send(ex, code, mapper.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    /** Percent-decoding of a path segment; unlike form decoding, '+' stays a plus. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The bytes received so far for one resumable upload. */
    private static final class ResumableSession {
        final String bucket;
        final String name;
        final String contentType;
        final Map<String, String> metadata;
        final String ifGenerationMatch;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ResumableSession(String bucket, String name, String contentType, Map<String, String> metadata, String ifGenerationMatch) {
            this.bucket = bucket;
            this.name = name;
            this.contentType = contentType;
            this.metadata = metadata;
            this.ifGenerationMatch = ifGenerationMatch;
        }

        synchronized long received() {
            return bytes.size();
        }

        /**
         * Takes a chunk described by {@code bytes a-b/total}, {@code bytes a-b/*}, {@code bytes *}{@code /total}
         * or {@code bytes *}{@code /*}; bytes already received (a retried chunk) are not stored twice.
         * Returns the total when the header states it, else -1.
         */
        synchronized long accept(String contentRange, byte[] body) {
            String spec = contentRange.trim().substring("bytes ".length());
            String[] rangeAndTotal = spec.split("/");
            long total = rangeAndTotal[1].equals("*") ? -1 : Long.parseLong(rangeAndTotal[1]);
            if (!rangeAndTotal[0].equals("*")) {
                long first = Long.parseLong(rangeAndTotal[0].split("-")[0]);
                if (first > bytes.size()) {
                    throw new IllegalArgumentException("chunk starts at " + first + " but only " + bytes.size() + " bytes arrived");
                }
                int skip = (int) (bytes.size() - first);
                if (skip < body.length) {
                    bytes.write(body, skip, body.length - skip);
                }
            }
            return total;
        }
    }
}
