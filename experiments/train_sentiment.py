"""Retrain the sentiment branch (see framing/models/train_sentiment_branch.py).

``python experiments/train_sentiment.py`` trains the default data mix and rewrites
``framing/models/sentiment_lora/``; ``--select`` first compares the candidate mixes on NYT dev.
"""

from framing.models.train_sentiment_branch import main

if __name__ == "__main__":
    main()
