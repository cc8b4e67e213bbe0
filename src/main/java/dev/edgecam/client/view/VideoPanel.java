package dev.edgecam.client.view;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import javax.swing.JComponent;

/**
 * Paints the newest picture scaled to fit (aspect kept, bars around it) and the overlay lines on top.
 * Only the Swing thread touches it.
 */
final class VideoPanel extends JComponent {

    private static final Color OVERLAY_BACKGROUND = new Color(0, 0, 0, 160);
    private static final int PAD = 6;

    private BufferedImage picture;
    private List<String> overlay = List.of();

    VideoPanel(Dimension preferred) {
        setPreferredSize(preferred);
        setOpaque(true);
        setBackground(Color.BLACK);
        setFont(new Font(Font.MONOSPACED, Font.BOLD, 13));
    }

    void show(BufferedImage newPicture, List<String> newOverlay) {
        picture = newPicture;
        overlay = newOverlay;
        repaint();
    }

    void overlay(List<String> newOverlay) {
        overlay = newOverlay;
        repaint();
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = (Graphics2D) graphics;
        g.setColor(getBackground());
        g.fillRect(0, 0, getWidth(), getHeight());
        if (picture != null) {
            double scale = Math.min(getWidth() / (double) picture.getWidth(), getHeight() / (double) picture.getHeight());
            int w = (int) Math.round(picture.getWidth() * scale);
            int h = (int) Math.round(picture.getHeight() * scale);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(picture, (getWidth() - w) / 2, (getHeight() - h) / 2, w, h, null);
        }
        paintOverlay(g);
    }

    private void paintOverlay(Graphics2D g) {
        if (overlay.isEmpty()) {
            return;
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        FontMetrics metrics = g.getFontMetrics(getFont());
        int width = overlay.stream().mapToInt(metrics::stringWidth).max().orElse(0) + 2 * PAD;
        int height = overlay.size() * metrics.getHeight() + 2 * PAD;
        g.setColor(OVERLAY_BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.setFont(getFont());
        int y = PAD + metrics.getAscent();
        for (String line : overlay) {
            g.drawString(line, PAD, y);
            y += metrics.getHeight();
        }
    }
}
