package io.closedloop.harness.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The run as a PNG: complaints sent and fully through per second (left axis), p99 latency (right axis). */
final class BenchChart {

    private BenchChart() {
    }

    static void write(Path png, String run, Bench.Measured m) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<double[]> rows = Figures.perSecond(m, Figures.of(m));
        List<Double> x = new ArrayList<>();
        List<Double> sent = new ArrayList<>();
        List<Double> through = new ArrayList<>();
        List<Double> latencyX = new ArrayList<>();
        List<Double> latency = new ArrayList<>();
        for (double[] r : rows) {
            x.add(r[0]);
            sent.add(r[1]);
            through.add(r[2]);
            if (!Double.isNaN(r[3])) {
                latencyX.add(r[0]);
                latency.add(r[3]);
            }
        }
        XYChart chart = new XYChartBuilder().width(1000).height(500).title("Closed Loop bench " + run)
                .xAxisTitle("second of the run").yAxisTitle("complaints per second").build();
        chart.setYAxisGroupTitle(1, "p99 accepted -> department topic (ms), by second sent");
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        XYSeries s = chart.addSeries("sent /s", x, sent);
        s.setMarker(SeriesMarkers.NONE);
        XYSeries t = chart.addSeries("fully through /s (routed, clocks set, counted by analytics)", x, through);
        t.setMarker(SeriesMarkers.NONE);
        if (!latency.isEmpty()) {
            XYSeries l = chart.addSeries("p99 accepted -> department (ms)", latencyX, latency);
            l.setYAxisGroup(1);
            l.setMarker(SeriesMarkers.NONE);
        }
        if (png.toAbsolutePath().getParent() != null) {
            Files.createDirectories(png.toAbsolutePath().getParent());
        }
        BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
