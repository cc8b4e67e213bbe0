package org.bytedeco.openblas.global;

/**
 * A stand-in for OpenBLAS's Java bindings (BLAS and LAPACK, one class of about 10,000 native methods, 2.7 MB), which
 * edgecam never calls. JavaCPP initialises this class whenever OpenCV loads, because OpenCV's presets inherit
 * OpenBLAS's; the real class, its class metadata and the JNI library it loads (libjniopenblas) held 9 MiB of the server's
 * resident memory for nothing (docs/benchmarks.md, "Memory"). OpenCV needs only OpenBLAS's native library, which
 * JavaCPP still loads from the inherited presets.
 *
 * <p>The jar carries this class instead of the real one (pom.xml, the shade plugin's filter), and the tests see it
 * first on their class path too. Code that wants BLAS or LAPACK from Java would delete this file and that filter.
 */
public class openblas extends org.bytedeco.openblas.presets.openblas {
}
