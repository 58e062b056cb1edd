package io.feedpipe.normalize;

import java.util.regex.Pattern;

/** Drops a block whose whole text matches {@code pattern}, if it has at most {@code maxWords} words (furniture, not prose). */
record ParagraphRule(String id, String kind, Pattern pattern, int maxWords) {}
