import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few curl options the quick start uses, for a machine that has Java but no curl: {@code
 * java examples/Curl.java [-f] [-s] [-S] [-H 'K: V']... [-d DATA | --data-binary DATA|@FILE]
 * [-o FILE] URL}. With data the request is a POST; {@code --data-binary @FILE} sends the file's
 * bytes, as curl's does. With {@code -f} an answer of 400 or more exits 22, as curl's does; the
 * body goes to standard output or to the {@code -o} file.
 */
public final class Curl {
  public static void main(String[] args) throws Exception {
    boolean fail = false;
    byte[] data = null;
    String out = null;
    String url = null;
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-H" -> headers.add(args[++i]);
        case "-d" -> data = args[++i].getBytes(StandardCharsets.UTF_8);
        case "--data-binary" -> {
          String d = args[++i];
          data = d.startsWith("@") ? Files.readAllBytes(Path.of(d.substring(1))) : d.getBytes(StandardCharsets.UTF_8);
        }
        case "-o" -> out = args[++i];
        default -> {
          if (a.startsWith("-") && !a.startsWith("--")) {
            fail |= a.indexOf('f') > 0;
          } else if (!a.startsWith("-")) {
            url = a;
          }
        }
      }
    }
    if (url == null) {
      System.err.println("Curl.java: no URL");
      System.exit(2);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    for (String h : headers) {
      int colon = h.indexOf(':');
      b.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
    }
    b.method(data == null ? "GET" : "POST", data == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(data));
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (fail && r.statusCode() >= 400) {
      System.err.println("Curl.java: The requested URL returned error: " + r.statusCode());
      System.exit(22);
    }
    if (out != null) {
      Files.write(Path.of(out), r.body());
    } else {
      System.out.write(r.body());
      System.out.flush();
    }
  }
}
