package io.k6bridge.output.prometheusrw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** Our compressor's output must decode with the reference implementation, byte for byte. */
class SnappyBlockTest {
  private final SnappyBlock snappy = new SnappyBlock();

  private byte[] roundTrip(byte[] in) throws Exception {
    byte[] compressed = snappy.compress(in, in.length);
    assertTrue(compressed.length <= SnappyBlock.maxCompressedLength(in.length));
    assertArrayEquals(in, Snappy.uncompress(compressed));
    return compressed;
  }

  @Test
  void emptyAndTinyInputs() throws Exception {
    roundTrip(new byte[0]);
    roundTrip(new byte[] {7});
    roundTrip("abc".getBytes(StandardCharsets.US_ASCII));
    roundTrip("aaaaaaaa".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void randomBytesOfEveryLiteralLengthClass() throws Exception {
    Random r = new Random(42);
    for (int n : new int[] {59, 60, 61, 255, 256, 257, 65535, 65536, 70_000, 1 << 20}) {
      byte[] b = new byte[n];
      r.nextBytes(b);
      roundTrip(b);
    }
  }

  @Test
  void repetitiveLabelsCompressWell() throws Exception {
    StringBuilder s = new StringBuilder();
    Random r = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      s.append("__name__k6_http_req_duration_p99 testid run-42 name http://127.0.0.1/ok?i=")
          .append(r.nextInt(50))
          .append(" method GET status 200\n");
    }
    byte[] in = s.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = roundTrip(in);
    assertTrue(out.length < in.length / 5, out.length + " of " + in.length);
  }

  @Test
  void longMatchesAndOverlappingCopies() throws Exception {
    byte[] b = new byte[200_000];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i % 3 == 0 ? 'x' : i % 7);
    }
    roundTrip(b);
  }
}
