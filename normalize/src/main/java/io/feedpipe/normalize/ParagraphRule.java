package io.feedpipe.normalize;

import java.util.regex.Pattern;

/** Drops a block whose whole text matches, if it is short enough to be furniture rather than prose. */
record ParagraphRule(String id, String kind, Pattern pattern, int maxWords) {}
