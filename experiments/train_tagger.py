"""Retrain the loaded-term tagger (see framing/models/train_tagger.py)."""

from framing.models.train_tagger import main

if __name__ == "__main__":
    main()
