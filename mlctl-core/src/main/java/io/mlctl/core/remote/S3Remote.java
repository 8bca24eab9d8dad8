package io.mlctl.core.remote;

import io.mlctl.core.RemoteException;
import io.mlctl.core.store.Copier;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A remote in an S3 bucket (AWS or any S3-compatible store) through the AWS SDK. Small objects go
 * up in one PUT, which S3 shows only when whole; large ones in a multipart upload that becomes
 * visible only when completed and that a later push resumes, re-sending only missing parts.
 * Transient failures (timeouts, 5xx, throttling) are retried with backoff by the SDK's standard
 * strategy, a bounded number of times. Credentials come from the AWS environment variables,
 * AWS profile files, or {@code .mlctl/config.local.yaml}; never from instance metadata, so mlctl
 * sends nothing to hosts the user did not name. Thread-safe.
 */
final class S3Remote implements RemoteStore {
  static final long PART = 16L << 20;
  private static final int HEAD_LIMIT = 64;
  private static final int PAGE = 1000;

  private final String name;
  private final String bucket;
  private final String prefix;
  private final S3Client s3;
  private final AtomicLong requests = new AtomicLong();

  /** Where and how to reach the bucket. */
  record Options(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey,
                 Map<String, String> env) {}

  S3Remote(String name, String bucket, String prefix, Options o) {
    this.name = name;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    var b = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build())
        .region(Region.of(region(o)))
        .forcePathStyle(o.pathStyle())
        .credentialsProvider(credentials(o))
        // Checksums only where S3 requires them: many S3-compatible stores reject the others,
        // and mlctl verifies every object's SHA-256 itself.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(4).build())
            .apiCallAttemptTimeout(Duration.ofMinutes(10))
            .addExecutionInterceptor(new ExecutionInterceptor() {
              @Override
              public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
                requests.incrementAndGet();
              }
            })
            .build());
    if (o.endpoint() != null && !o.endpoint().isBlank()) {
      b.endpointOverride(URI.create(o.endpoint()));
    }
    this.s3 = b.build();
  }

  private static String region(Options o) {
    if (o.region() != null && !o.region().isBlank()) {
      return o.region();
    }
    String env = o.env().getOrDefault("AWS_REGION", o.env().get("AWS_DEFAULT_REGION"));
    return env == null || env.isBlank() ? "us-east-1" : env;
  }

  private static AwsCredentialsProvider credentials(Options o) {
    if (o.accessKey() != null && o.secretKey() != null) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(o.accessKey(), o.secretKey()));
    }
    return AwsCredentialsProviderChain.builder()
        .reuseLastProviderEnabled(true)
        .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
            SystemPropertyCredentialsProvider.create(),
            ProfileCredentialsProvider.create())
        .build();
  }

  @Override
  public String name() {
    return name;
  }

  String key(String hash) {
    return prefix + "sha256/" + hash.substring(0, 2) + "/" + hash.substring(2);
  }

  @Override
  public Set<String> present(Collection<String> hashes) {
    try {
      if (hashes.size() <= HEAD_LIMIT) {
        return headEach(hashes);
      }
      // Estimate the remote's size from one of its 256 prefixes, then pick the cheapest way:
      // one request per object, a listing of everything, or listings of the prefixes we need.
      Set<String> prefixes = new TreeSet<>();
      for (String h : hashes) {
        prefixes.add(h.substring(0, 2));
      }
      String sample = prefixes.iterator().next();
      Set<String> sampled = list(prefix + "sha256/" + sample + "/");
      long estimate = Math.max(1, (long) sampled.size() * 256);
      long listAll = estimate / PAGE + 1;
      long listSome = prefixes.size() * Math.max(1, estimate / 256 / PAGE + 1);
      Set<String> found;
      if (hashes.size() <= Math.min(listAll, listSome)) {
        return headEach(hashes);
      } else if (listAll <= listSome) {
        found = list(prefix + "sha256/");
      } else {
        found = new HashSet<>(sampled);
        for (String p : prefixes) {
          if (!p.equals(sample)) {
            found.addAll(list(prefix + "sha256/" + p + "/"));
          }
        }
      }
      Set<String> out = new HashSet<>();
      for (String h : hashes) {
        if (found.contains(h)) {
          out.add(h);
        }
      }
      return out;
    } catch (SdkException e) {
      throw fail("list", e);
    }
  }

  private Set<String> headEach(Collection<String> hashes) {
    Set<String> out = new HashSet<>();
    for (String h : hashes) {
      try {
        s3.headObject(r -> r.bucket(bucket).key(key(h)));
        out.add(h);
      } catch (NoSuchKeyException e) {
        // absent
      } catch (S3Exception e) {
        if (e.statusCode() != 404) {
          throw e;
        }
      }
    }
    return out;
  }

  private Set<String> list(String keyPrefix) {
    Set<String> out = new HashSet<>();
    String base = prefix + "sha256/";
    for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(keyPrefix).maxKeys(PAGE)).contents()) {
      String k = o.key();
      if (k.startsWith(base) && k.length() == base.length() + 65) {
        out.add(k.substring(base.length(), base.length() + 2) + k.substring(base.length() + 3));
      }
    }
    return out;
  }

  @Override
  public void upload(String hash, Path source, long size) {
    String key = key(hash);
    try {
      if (!io.mlctl.core.store.Sha256.of(source).equals(hash)) {
        throw io.mlctl.core.CorruptObjectException.found(hash, "the cache (not pushed)");
      }
    } catch (IOException e) {
      throw new RemoteException("cannot read " + source + " to upload it: " + io.mlctl.core.io.IoReasons.of(e), null, e);
    }
    try {
      if (size < PART) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(source));
      } else {
        multipart(key, source, size);
      }
    } catch (SdkException e) {
      throw fail("upload " + hash + " to", e);
    }
  }

  private void multipart(String key, Path source, long size) {
    String uploadId = null;
    Map<Integer, Part> done = new java.util.HashMap<>();
    // Resume: an interrupted push left an upload for this key; its parts hold the same bytes,
    // because the key is the content's own hash.
    for (MultipartUpload u : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(key)).uploads()) {
      if (u.key().equals(key)) {
        uploadId = u.uploadId();
        String id = uploadId;
        for (Part p : s3.listPartsPaginator(r -> r.bucket(bucket).key(key).uploadId(id)).parts()) {
          done.put(p.partNumber(), p);
        }
        break;
      }
    }
    if (uploadId == null) {
      uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
    }
    String id = uploadId;
    List<CompletedPart> parts = new ArrayList<>();
    int n = (int) ((size + PART - 1) / PART);
    for (int i = 1; i <= n; i++) {
      long offset = (i - 1) * PART;
      long len = Math.min(PART, size - offset);
      Part existing = done.get(i);
      if (existing != null && existing.size() != null && existing.size() == len) {
        parts.add(CompletedPart.builder().partNumber(i).eTag(existing.eTag()).build());
        continue;
      }
      int partNumber = i;
      try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
        ch.position(offset);
        InputStream in = Channels.newInputStream(ch);
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(partNumber).contentLength(len),
            RequestBody.fromInputStream(in, len)).eTag();
        parts.add(CompletedPart.builder().partNumber(i).eTag(etag).build());
      } catch (IOException e) {
        throw new RemoteException("cannot read " + source + " to upload it: " + io.mlctl.core.io.IoReasons.of(e), null, e);
      }
    }
    s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
  }

  @Override
  public String download(String hash, Path target) throws IOException {
    return download(hash, target, false);
  }

  @Override
  public String downloadCold(String hash, Path target) throws IOException {
    return download(hash, target, true);
  }

  private String download(String hash, Path target, boolean cold) throws IOException {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key(hash)))) {
      Long announced = in.response().contentLength();
      Copier.Copied got = cold && announced != null ? Copier.copyCold(in, target, announced) : Copier.copy(in, target);
      // A connection cut mid-body can end the stream early without an error: that is the
      // network failing, not the remote holding damaged bytes.
      if (announced != null && got.size() != announced) {
        throw new RemoteException("remote '" + name + "' broke off the download of " + hash + " after " + got.size()
            + " of " + announced + " bytes", "check the endpoint and your network, then try again");
      }
      return got.hash();
    } catch (NoSuchKeyException e) {
      throw new java.nio.file.NoSuchFileException(hash, null, "not on remote " + name);
    } catch (SdkException e) {
      throw fail("download " + hash + " from", e);
    }
  }

  private RemoteException fail(String doing, SdkException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    if (e instanceof SdkClientException && why.contains("credentials")) {
      return new RemoteException("no credentials for remote '" + name + "' (s3://" + bucket + ")",
          "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials, "
              + "or remote." + name + ".access_key_id and .secret_access_key with 'mlctl config set --local'", e);
    }
    if (e instanceof S3Exception s) {
      return new RemoteException("remote '" + name + "': cannot " + doing + " s3://" + bucket + ": HTTP "
          + s.statusCode() + " " + why, null, e);
    }
    return new RemoteException("remote '" + name + "' is unreachable: cannot " + doing + " s3://" + bucket + ": " + why,
        "check the endpoint and your network", e);
  }

  @Override
  public boolean probe() {
    try {
      // A listing, not a HEAD: S3 answers 404 alike for a missing key and a missing bucket.
      s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(1));
      return true;
    } catch (SdkException e) {
      throw fail("list", e);
    }
  }

  @Override
  public boolean delete(String hash) {
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(key(hash)));
      return true;
    } catch (SdkException e) {
      throw fail("delete " + hash + " from", e);
    }
  }

  private String runKey(String key) {
    return prefix + "runs/" + key.substring(0, 2) + "/" + key.substring(2);
  }

  @Override
  public Set<String> runKeys() {
    Set<String> out = new HashSet<>();
    String base = prefix + "runs/";
    try {
      for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(base).maxKeys(PAGE)).contents()) {
        String k = o.key();
        if (k.length() == base.length() + 65 && k.charAt(base.length() + 2) == '/') {
          String key = k.substring(base.length(), base.length() + 2) + k.substring(base.length() + 3);
          if (io.mlctl.core.pipeline.RunCache.isKey(key)) {
            out.add(key);
          }
        }
      }
      return out;
    } catch (SdkException e) {
      throw fail("list the run cache of", e);
    }
  }

  @Override
  public void uploadRun(String key, byte[] bytes) {
    try {
      // One PUT: S3 shows an object only once all of it has arrived.
      s3.putObject(r -> r.bucket(bucket).key(runKey(key)).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw fail("upload run-cache entry " + key + " to", e);
    }
  }

  @Override
  public byte[] downloadRun(String key, int limit) throws IOException {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(runKey(key)))) {
      return in.readNBytes(limit + 1);
    } catch (NoSuchKeyException e) {
      throw new java.nio.file.NoSuchFileException("runs/" + key, null, "not on remote " + name);
    } catch (SdkException e) {
      throw fail("download run-cache entry " + key + " from", e);
    }
  }

  private String experimentKey(String id) {
    return prefix + EXPERIMENTS + io.mlctl.core.exp.RunStore.checkId(id) + ".json";
  }

  @Override
  public Set<String> experimentIds() {
    Set<String> out = new HashSet<>();
    String base = prefix + EXPERIMENTS;
    try {
      for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(base).maxKeys(PAGE)).contents()) {
        String k = o.key().substring(base.length());
        if (k.endsWith(".json") && !k.contains("/") && !k.startsWith(".")) {
          out.add(k.substring(0, k.length() - ".json".length()));
        }
      }
      return out;
    } catch (SdkException e) {
      throw fail("list the experiment runs of", e);
    }
  }

  @Override
  public void uploadExperiment(String id, byte[] bytes) {
    try {
      // One PUT: S3 shows an object only once all of it has arrived.
      s3.putObject(r -> r.bucket(bucket).key(experimentKey(id)).contentLength((long) bytes.length),
          RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw fail("upload run " + id + " to", e);
    }
  }

  @Override
  public byte[] downloadExperiment(String id, int limit) throws IOException {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(experimentKey(id)))) {
      return in.readNBytes(limit + 1);
    } catch (NoSuchKeyException e) {
      throw new java.nio.file.NoSuchFileException(EXPERIMENTS + id + ".json", null, "not on remote " + name);
    } catch (SdkException e) {
      throw fail("download run " + id + " from", e);
    }
  }

  @Override
  public int defaultJobs() {
    return 16;
  }

  @Override
  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    s3.close();
  }
}
