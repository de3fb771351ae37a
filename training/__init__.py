"""Training: read a labelled corpus, compare features and models by grouped cross-validation, fit, and
write a versioned model directory (``policy-extract train``)."""
