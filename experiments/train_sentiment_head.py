"""Retrain the embedded sentiment head (see framing/models/train_sentiment_head.py)."""

from framing.models.train_sentiment_head import main

if __name__ == "__main__":
    main()
