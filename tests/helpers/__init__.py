"""What several test folders share: child processes, the message extractor, the scripts children run."""
