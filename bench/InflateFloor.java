import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The java.util.zip floor of bench/run: inflates gzip files with the JDK's GZIPInputStream (zlib,
 * 64 KiB buffers, CRC-32 checked), discarding the output. No hashing, no tar walking.
 *
 * <p>java bench/InflateFloor.java FILE...
 */
public class InflateFloor {
  public static void main(String[] args) throws Exception {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    for (String f : args) {
      try (InputStream in =
          new GZIPInputStream(new BufferedInputStream(new FileInputStream(f), 64 * 1024), 64 * 1024)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          total += n;
        }
      }
    }
    System.out.println(total);
  }
}
