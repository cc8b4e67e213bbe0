package dev.edgecam.encode;

import dev.edgecam.frame.Size;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second of the server's JPEG encoder on one test-pattern frame, on one thread: the figure
 * compared with libjpeg-turbo's {@code tjbench} on the same picture (bench/run.sh does both).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JpegEncoderBenchmark {

    @Param({"1280x720", "640x480"})
    public String size;

    @Param({"80"})
    public int quality;

    private Mat image;
    private JpegEncoder encoder;
    private EncodeSettings settings;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        image = BenchImage.testPattern(Size.parse(size));
        encoder = new JpegEncoder();
        settings = EncodeSettings.defaults().withQuality(quality);
    }

    @Benchmark
    public byte[] encode() {
        return encoder.encode(image, settings);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
        image.close();
    }
}
