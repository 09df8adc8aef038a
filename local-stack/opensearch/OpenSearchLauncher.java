import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts one OpenSearch node in this JVM with settings for a local single-node stack.
 * Arguments: basePath httpPort transportPort.
 * Run with the single-file source launcher (java OpenSearchLauncher.java) so no build step is needed.
 */
public final class OpenSearchLauncher {
  public static void main(String[] args) throws Exception {
    String basePath = args[0];
    String httpPort = args[1];
    String transportPort = args[2];
    Files.createDirectories(Path.of(basePath));
    OpenSearchRunner runner = new OpenSearchRunner();
    // The runner only looks for a free HTTP port up to 9299 unless told otherwise; the port is chosen by us.
    runner.setMaxHttpPort(Integer.parseInt(httpPort));
    runner.onBuild((index, settings) -> {
      settings.put("network.host", "127.0.0.1");
      settings.put("http.port", httpPort);
      settings.put("transport.port", transportPort);
      // The runner bootstraps its own one-node cluster (initial_cluster_manager_nodes), so no
      // discovery.type=single-node here: the two settings exclude each other.
      settings.putList("discovery.seed_hosts", "127.0.0.1:" + transportPort);
      // A laptop disk is often over 90% full; local data is disposable, so do not block writes on it.
      settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
      settings.put("action.auto_create_index", "false");
      // The runner leaves ingest off; index pipelines (default_pipeline) are part of what users run.
      settings.putList("node.roles", "cluster_manager", "data", "ingest");
      settings.put("http.max_content_length", "200mb");
    }).build(OpenSearchRunner.newConfigs()
        .basePath(basePath)
        .clusterName("search-indexer-local")
        .numOfNode(1)
        .baseHttpPort(Integer.parseInt(httpPort) - 1)
        .disableESLogger());
    runner.ensureYellow();
    System.out.println("OpenSearch ready on http://127.0.0.1:" + httpPort);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try { runner.close(); } catch (Exception e) { e.printStackTrace(); }
      stop.countDown();
    }));
    stop.await();
  }
}
