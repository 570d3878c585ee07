package io.wsstream.benchmark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wsstream.benchmark.client.IdleLoad.ClassGrowth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @Test
    void summarisesEachFigureByItsMedianAndRatios() {
        Results results = new Results();
        Figure throughput = results.figure("Echo throughput", "64-byte text, 100 connections", "msg/s", Figure.Better.HIGHER);
        throughput.add(Results.WSSTREAM, 900);
        throughput.add(Results.WSSTREAM, 1100);
        throughput.add(Results.WSSTREAM, 1000);
        throughput.add(Results.JETTY, 2000);
        throughput.add(Results.PAXWEB, 500);
        Figure closed = results.figure("Whiteboard disturbance", "streams closed", "streams", Figure.Better.LOWER);
        closed.add(Results.WSSTREAM, 0);
        closed.add(Results.PAXWEB, 0);

        assertEquals(1000, throughput.median(Results.WSSTREAM));
        assertEquals(0.5, throughput.ratio(Results.WSSTREAM, Results.JETTY));
        assertEquals(2.0, throughput.ratio(Results.WSSTREAM, Results.PAXWEB));
        assertTrue(Double.isNaN(closed.ratio(Results.WSSTREAM, Results.PAXWEB)), "0/0 has no ratio");

        results.context.put("mode", "test");
        String md = ReportWriter.markdown(results);
        assertTrue(md.contains("| 64-byte text, 100 connections (msg/s ↑) | 1,000 [900–1,100] | 2,000 | 500 | 0.50 | 2.00 |"), md);
        assertTrue(md.contains("| streams closed (streams ↓) | 0 | — | 0 | — | = (both 0) |"), md);
        String json = ReportWriter.json(results);
        assertTrue(json.contains("\"wsstream/jetty\": 0.5"), json);
    }

    @Test
    void theMetricsVariantGetsItsColumnAndItsRatioToWsstream() {
        Results results = new Results();
        Figure throughput = results.figure("Echo throughput", "64-byte text, 100 connections", "msg/s", Figure.Better.HIGHER);
        throughput.add(Results.WSSTREAM, 1000);
        throughput.add(Results.WSSTREAM_METRICS, 950);
        results.context.put("mode", "test");

        String md = ReportWriter.markdown(results);
        assertTrue(md.contains("| wsstream/Pax Web | wsstream with metrics | with/without metrics |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"), md);
        assertTrue(md.contains("| 64-byte text, 100 connections (msg/s ↑) | 1,000 | — | — | — | — | 950 | 0.95 |"), md);
        String json = ReportWriter.json(results);
        assertTrue(json.contains("\"wsstream-metrics/wsstream\": 0.95"), json);
        assertTrue(json.contains("\"wsstream-metrics\": {"), json);
    }

    @Test
    void anEarlierBuildGetsItsColumnAndTheRatioOfTodaysBuildToIt() {
        Results results = new Results();
        Figure throughput = results.figure("Echo throughput", "64-byte text, 1 connection", "msg/s", Figure.Better.HIGHER);
        throughput.add(Results.WSSTREAM, 1100);
        throughput.add("wsstream@f51b4f9", 1000);
        throughput.add(Results.JETTY, 1000);
        throughput.add("wsstream@6ee2c62", 2000);
        results.context.put("mode", "test");

        String md = ReportWriter.markdown(results);
        assertTrue(md.contains("| wsstream/Pax Web | wsstream@f51b4f9 | wsstream/wsstream@f51b4f9 | wsstream@6ee2c62 | wsstream/wsstream@6ee2c62 |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"), md);
        assertTrue(md.contains("| 64-byte text, 1 connection (msg/s ↑) | 1,100 | 1,000 | — | 1.10 | — | 1,000 | 1.10 | 2,000 | 0.55 |"), md);
        String json = ReportWriter.json(results);
        assertTrue(json.contains("\"wsstream/wsstream@f51b4f9\": 1.1"), json);
        assertTrue(json.contains("\"wsstream/wsstream@6ee2c62\": 0.55"), json);
        assertTrue(json.contains("\"wsstream@f51b4f9\": {"), json);
    }

    @Test
    void theBridgeIsComparedWithDirectTcpNotWithTheOtherServers() {
        Results results = new Results();
        Figure bridge = results.figure("Byte-stream bridge", "256 MiB one way", "MB/s", Figure.Better.HIGHER);
        bridge.add(Results.WSSTREAM, 400);
        bridge.add(Results.WSSTREAM, 600);
        bridge.add(Results.DIRECT_TCP, 2000);
        results.context.put("mode", "test");

        String md = ReportWriter.markdown(results);
        assertTrue(md.contains("| figure | wsstream bridge | direct TCP | bridge/direct |"), md);
        assertTrue(md.contains("| 256 MiB one way (MB/s ↑) | 500 [400–600] | 2,000 | 0.25 |"), md);
        String json = ReportWriter.json(results);
        assertTrue(json.contains("\"wsstream/tcp\": 0.25"), json);
        assertTrue(json.contains("\"tcp\": {"), json);
    }

    @Test
    void theIdleHistogramGoesToAFileOfItsOwnWithBytesPerStreamAndShares(@TempDir Path dir) throws Exception {
        Results results = new Results();
        results.context.put("mode", "test");
        results.details.put("idleHeapHistogram", Map.of(Results.WSSTREAM, Map.of("streams", 10_000, "liveHeapBytesPerStream", 4000.0,
                "classes", List.of(new ClassGrowth("[B", 12.0, 400.0), new ClassGrowth("java.lang.String", 12.0, 288.0)))));

        ReportWriter.write(results, dir, "run");

        String md = Files.readString(dir.resolve("run-idle-histogram.md"));
        assertTrue(md.contains("## wsstream: 10,000 idle streams, 4,000 bytes of live heap per stream"), md);
        assertTrue(md.contains("| `[B` | 12.00 | 400 | 10.0% |"), md);
        assertTrue(md.contains("| `java.lang.String` | 12.00 | 288 | 7.2% |"), md);
        assertTrue(ReportWriter.json(results).contains("\"bytesPerStream\": 400.0"), ReportWriter.json(results));
    }
}
